/*
 * The reference relay of the benchmark: the cheapest thing that can forward media on this machine.
 * It reads UDP datagrams on 127.0.0.1:LISTEN in batches (recvmmsg) and writes each one to 127.0.0.1:DEST
 * for every DEST given (sendmmsg): no crypto, no parsing, no routing. When no datagram has come for IDLE
 * seconds (environment, default 2) after the first one, it prints one JSON line with its counts and its
 * own CPU time per datagram sent, and exits. Our SFU's CPU per packet is quoted as a ratio to this.
 *
 * WAIT_FOR_ONE=1 (environment): each read returns as soon as one datagram is there (MSG_WAITFORONE)
 * instead of waiting for a full batch, so the reflector's latency means something at low packet rates;
 * it then reports itself as "reflector-w1".
 *
 *   build: cc -O2 -o reflector reflector.c
 *   run:   reflector LISTEN DEST [DEST...]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>

enum { BATCH = 64, MAX_DESTS = 64, MAX_DATAGRAM = 2048 };

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((unsigned short)port);
  return a;
}

static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc - 2 > MAX_DESTS) {
    fprintf(stderr, "usage: %s LISTEN DEST [DEST...] (at most %d DESTs)\n", argv[0], MAX_DESTS);
    return 2;
  }
  int dests = argc - 2;
  const char *idle_env = getenv("IDLE");
  const char *one_env = getenv("WAIT_FOR_ONE");
  int wait_for_one = one_env != NULL && one_env[0] == '1';
  struct timeval idle = {idle_env ? atoi(idle_env) : 2, 0};

  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  int buffer = 8 << 20;
  setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
  struct sockaddr_in self = loopback(atoi(argv[1]));
  if (bind(sock, (struct sockaddr *)&self, sizeof self) != 0) {
    perror("bind");
    return 1;
  }

  static char data[BATCH][MAX_DATAGRAM];
  static struct iovec in_iov[BATCH], out_iov[BATCH * MAX_DESTS];
  static struct mmsghdr in[BATCH], out[BATCH * MAX_DESTS];
  static struct sockaddr_in to[MAX_DESTS];
  for (int d = 0; d < dests; d++) to[d] = loopback(atoi(argv[2 + d]));
  for (int i = 0; i < BATCH; i++) {
    in_iov[i].iov_base = data[i];
    in_iov[i].iov_len = MAX_DATAGRAM;
    in[i].msg_hdr.msg_iov = &in_iov[i];
    in[i].msg_hdr.msg_iovlen = 1;
  }

  long received = 0, sent = 0;
  for (;;) {
    int n = recvmmsg(sock, in, BATCH, wait_for_one ? MSG_WAITFORONE : 0, NULL);
    if (n <= 0) {
      if (received > 0) break; /* idle after traffic: done */
      continue;                /* nothing yet: keep waiting for the first datagram */
    }
    received += n;
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dests; d++, count++) {
        out_iov[count].iov_base = data[i];
        out_iov[count].iov_len = in[i].msg_len;
        out[count].msg_hdr = (struct msghdr){0};
        out[count].msg_hdr.msg_name = &to[d];
        out[count].msg_hdr.msg_namelen = sizeof to[d];
        out[count].msg_hdr.msg_iov = &out_iov[count];
        out[count].msg_hdr.msg_iovlen = 1;
      }
    }
    for (int done = 0; done < count;) {
      int w = sendmmsg(sock, out + done, count - done, 0);
      if (w <= 0) break;
      done += w;
    }
    sent += count;
  }
  double cpu = cpu_seconds();
  printf("{\"system\":\"%s\",\"packets_in\":%ld,\"packets_out\":%ld,\"fanout\":%d,"
         "\"cpu_s\":%.3f,\"cpu_us_per_packet_out\":%.3f}\n",
         wait_for_one ? "reflector-w1" : "reflector", received, sent, dests, cpu,
         sent > 0 ? cpu * 1e6 / sent : 0.0);
  return 0;
}
