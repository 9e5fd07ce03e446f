package org.ruralconsult.fhir.outbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox on local disk: one append-only file, one record per line as {@code <crc32c> <json>}, and
 * {@link FileChannel#force} before a durable append returns.
 *
 * <p>A crash can leave a torn last line (written, not yet fsync'd, so never acknowledged to the caller):
 * opening the log checks each line's checksum and cuts the file at the first bad one. A lock file keeps
 * two live processes off the same directory; the OS drops the lock when a process dies, even by SIGKILL.
 */
public final class DiskOutboxLog implements OutboxLog {
    private static final Logger log = LoggerFactory.getLogger(DiskOutboxLog.class);
    static final String LOG_FILE = "outbox.log";
    private static final String LOCK_FILE = "outbox.lock";

    private final Path file;
    private final OutboxCodec codec;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<String> validLines;

    public DiskOutboxLog(Path directory, OutboxCodec codec) {
        this.codec = codec;
        this.file = directory.resolve(LOG_FILE);
        try {
            Files.createDirectories(directory);
            lockChannel =
                    FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("outbox " + directory + " is in use by another process");
            }
            boolean created = !Files.exists(file);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created) syncDirectory(directory);
            validLines = readValidLinesAndCutTornTail();
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open outbox in " + directory, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    /** A new file's directory entry must reach the disk too, or the whole file can vanish in a crash. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private List<String> readValidLinesAndCutTornTail() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<String> lines = new ArrayList<>();
        int start = 0;
        long good = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            String body = checkedBody(line);
            if (body == null) break;
            lines.add(body);
            start = i + 1;
            good = start;
        }
        if (good < bytes.length) {
            log.warn("outbox {}: cutting {} bytes of a torn or corrupt tail", file, bytes.length - good);
            channel.truncate(good);
            channel.force(true);
        }
        return lines;
    }

    private static String checkedBody(String line) {
        int space = line.indexOf(' ');
        if (space != 8) return null;
        String body = line.substring(space + 1);
        return line.substring(0, space).equals(crc(body)) ? body : null;
    }

    private static String crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    @Override
    public synchronized void append(OutboxRecord record, boolean durable) {
        String body = codec.encode(record);
        ByteArrayOutputStream line = new ByteArrayOutputStream(body.length() + 16);
        line.writeBytes((crc(body) + " " + body + "\n").getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.wrap(line.toByteArray());
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
            // force(false): the data and the file length, not the modification time.
            if (durable) channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox append failed: " + file, e);
        }
    }

    @Override
    public void replay(Consumer<OutboxRecord> consumer) {
        for (String line : validLines) consumer.accept(codec.decode(line));
        validLines.clear();
    }

    @Override
    public synchronized void close() {
        try {
            channel.force(false);
            channel.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("closing outbox {}", file, e);
        }
    }
}
