/*
 * linkem: one impaired link between two network interfaces, in user space.
 *
 * Why: the kernels this project runs on (CI containers) often lack sch_netem, and tc's classifiers and
 * actions, so delay, jitter and loss cannot be added with tc there; tbf is present and still shapes the
 * rate (tc on the same interfaces, see LinkShaper.java). This program is netem's delay/jitter/loss part:
 * every frame that arrives on interface A is sent out of interface B after a delay (and the other way
 * round), or dropped.
 *
 * Loss: Bernoulli with probability p, or the Gilbert–Elliott model as netem's "loss gemodel p r 1-h 1-k"
 * (Good state: loss 1-k; Bad state: loss 1-h; P(Good->Bad) = p, P(Bad->Good) = r), one state machine per
 * direction, drawn per frame. Delay: fixed + uniform jitter in [-j, +j]; frames keep their order (a
 * frame never leaves before the one ahead of it, like netem with a rate or a FIFO child).
 *
 * Frames are read and written with AF_PACKET and PACKET_VNET_HDR, so that the checksum-offload state of
 * a frame (veth leaves checksums to the receiver) travels with it: the frame that leaves is one the next
 * kernel accepts. Interfaces should have gso_max_segs 1 on the sending side, so that frames are MTU-sized.
 *
 * Control: one command a line on stdin (below); "stats" prints each direction's counters as a JSON line on
 * stderr; at the end of stdin it prints them and exits. Direction "ab" is what arrives on A and leaves on B.
 *
 *   usage: linkem IFACE_A IFACE_B SEED   (then commands on stdin)
 *   commands:  ge DIR DELAY_US JITTER_US P R ONE_MINUS_H ONE_MINUS_K
 *              bern DIR DELAY_US JITTER_US LOSS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 8192
#define FRAME 70000

struct params {
    long delay_us, jitter_us;
    double p, r, one_minus_h, one_minus_k; /* gemodel: loss in Good = 1-k, loss in Bad = 1-h */
    int bad;                               /* current state */
};

struct slot {
    long due_us;
    int len;
    unsigned char data[FRAME];
};

struct dir {
    int in, out;
    struct params pr;
    struct slot *q;
    int head, tail; /* FIFO of frames waiting for their time */
    long last_due;
    unsigned long in_frames, lost, sent, overflow;
};

static unsigned long long rng;
static double uniform(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double)(rng >> 11) / (double)(1ULL << 53);
}

static long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static int open_if(const char *name) {
    int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (s < 0) { perror("socket"); exit(1); }
    int one = 1;
    if (setsockopt(s, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0) { perror("PACKET_VNET_HDR"); exit(1); }
    struct sockaddr_ll a = {0};
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(ETH_P_ALL);
    a.sll_ifindex = (int)if_nametoindex(name);
    if (a.sll_ifindex == 0) { fprintf(stderr, "no interface %s\n", name); exit(1); }
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(1); }
    struct packet_mreq m = {0};
    m.mr_ifindex = a.sll_ifindex;
    m.mr_type = PACKET_MR_PROMISC;
    setsockopt(s, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &m, sizeof m);
    return s;
}

/* Gilbert–Elliott as netem draws it: the transition first, then the loss in the new state. */
static int lose(struct params *p) {
    if (p->p == 0 && p->one_minus_k == 0 && !p->bad) return 0;
    if (!p->bad) { if (uniform() < p->p) p->bad = 1; }
    else { if (uniform() < p->r) p->bad = 0; }
    double loss = p->bad ? p->one_minus_h : p->one_minus_k;
    return uniform() < loss;
}

static void receive(struct dir *d) {
    for (;;) {
        struct sockaddr_ll from;
        socklen_t fl = sizeof from;
        struct slot *s = &d->q[d->tail];
        ssize_t n = recvfrom(d->in, s->data, FRAME, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
        if (n < 0) return;
        if (from.sll_pkttype == PACKET_OUTGOING) continue; /* our own sends on this interface */
        d->in_frames++;
        if (lose(&d->pr)) { d->lost++; continue; }
        int next = (d->tail + 1) % SLOTS;
        if (next == d->head) { d->overflow++; continue; }
        long j = d->pr.jitter_us ? (long)((uniform() * 2 - 1) * d->pr.jitter_us) : 0;
        long due = now_us() + d->pr.delay_us + j;
        if (due < d->last_due) due = d->last_due; /* FIFO: never overtake */
        d->last_due = due;
        s->due_us = due;
        s->len = (int)n;
        d->tail = next;
    }
}

static long send_due(struct dir *d) {
    long now = now_us();
    while (d->head != d->tail) {
        struct slot *s = &d->q[d->head];
        if (s->due_us > now) return s->due_us - now;
        if (send(d->out, s->data, s->len, 0) >= 0) d->sent++;
        d->head = (d->head + 1) % SLOTS;
    }
    return -1;
}

static void report(struct dir *d, const char *name) {
    fprintf(stderr, "{\"dir\":\"%s\",\"in\":%lu,\"lost\":%lu,\"sent\":%lu,\"overflow\":%lu}\n", name,
            d->in_frames, d->lost, d->sent, d->overflow);
}

static void command(char *line, struct dir *ab, struct dir *ba) {
    char kind[8], dir[4];
    long delay, jitter;
    double a = 0, b = 0, c = 0, e = 0;
    int n = sscanf(line, "%7s %3s %ld %ld %lf %lf %lf %lf", kind, dir, &delay, &jitter, &a, &b, &c, &e);
    struct dir *d = strcmp(dir, "ab") == 0 ? ab : strcmp(dir, "ba") == 0 ? ba : NULL;
    if (n < 5 || d == NULL) { fprintf(stderr, "linkem: bad command: %s", line); return; }
    struct params p = {delay, jitter, 0, 1, 1, 0, 0};
    if (strcmp(kind, "bern") == 0) { p.one_minus_k = a; }
    else if (strcmp(kind, "ge") == 0 && n == 8) { p.p = a; p.r = b; p.one_minus_h = c; p.one_minus_k = e; }
    else { fprintf(stderr, "linkem: bad command: %s", line); return; }
    d->pr = p;
    fprintf(stderr, "linkem: %s", line);
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: linkem IFACE_A IFACE_B SEED\n"); return 2; }
    rng = strtoull(argv[3], NULL, 10) * 2654435761ULL + 88172645463325252ULL;
    int a = open_if(argv[1]), b = open_if(argv[2]);
    struct dir ab = {a, b, {0, 0, 0, 1, 1, 0, 0}, calloc(SLOTS, sizeof(struct slot)), 0, 0, 0, 0, 0, 0, 0};
    struct dir ba = {b, a, {0, 0, 0, 1, 1, 0, 0}, calloc(SLOTS, sizeof(struct slot)), 0, 0, 0, 0, 0, 0, 0};
    if (!ab.q || !ba.q) { fprintf(stderr, "out of memory\n"); return 1; }
    setvbuf(stderr, NULL, _IOLBF, 0);
    fprintf(stderr, "linkem: ready\n");
    char line[256];
    size_t have = 0;
    for (;;) {
        long w1 = send_due(&ab), w2 = send_due(&ba);
        long wait = w1 < 0 ? w2 : (w2 < 0 ? w1 : (w1 < w2 ? w1 : w2));
        struct pollfd fds[3] = {{a, POLLIN, 0}, {b, POLLIN, 0}, {0, POLLIN, 0}};
        int timeout = wait < 0 ? 100 : (int)((wait + 999) / 1000);
        if (poll(fds, 3, timeout) < 0 && errno != EINTR) { perror("poll"); return 1; }
        if (fds[0].revents & POLLIN) receive(&ab);
        if (fds[1].revents & POLLIN) receive(&ba);
        if (fds[2].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(0, line + have, sizeof line - 1 - have);
            if (n <= 0) break;
            have += (size_t)n;
            line[have] = 0;
            char *nl;
            while ((nl = strchr(line, '\n')) != NULL) {
                char one[256];
                size_t len = (size_t)(nl - line) + 1;
                memcpy(one, line, len);
                one[len] = 0;
                if (strncmp(one, "stats", 5) == 0) { report(&ab, "ab"); report(&ba, "ba"); }
                else command(one, &ab, &ba);
                memmove(line, nl + 1, have - len + 1);
                have -= len;
            }
            if (have >= sizeof line - 1) have = 0;
        }
    }
    report(&ab, "ab");
    report(&ba, "ba");
    return 0;
}
