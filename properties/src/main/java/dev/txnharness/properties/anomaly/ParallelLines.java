package dev.txnharness.properties.anomaly;

import dev.txnharness.properties.history.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A history file's events in order, read by one thread and parsed by a few, ahead of the checker:
 * reading and parsing JSON is most of the time of checking a big file, and the checker itself is
 * one thread. Lines go in batches; a batch holds an {@link Event} or, for an invoke line written as {@link
 * dev.txnharness.properties.history.HistoryJson} writes it, an {@link Invoke} (client and time
 * read by hand, the line kept in case the call never completes). At most a few batches are in
 * flight, so memory stays bounded whatever the file's size.
 */
final class ParallelLines implements AutoCloseable {
  private static final int BATCH = 2048;
  private static final String INVOKE = "{\"type\":\"invoke\",\"client\":";

  /** An invoke line: who, when, and the line itself. */
  record Invoke(int client, long nanos, String line) {}

  /** Parsed lines (an {@link Event} or an {@link Invoke} each) and their line numbers. */
  record Batch(Object[] events, int[] lines) {}

  private static final Future<Batch> END = CompletableFuture.completedFuture(null);

  private final BufferedReader in;
  private final ExecutorService pool;
  private final BlockingQueue<Future<Batch>> ahead;
  private final Thread reader;
  private volatile IOException readError;
  private boolean done;

  ParallelLines(Path file) throws IOException {
    this.in = Files.newBufferedReader(file);
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "history-parser");
      t.setDaemon(true);
      return t;
    });
    this.ahead = new ArrayBlockingQueue<>(threads * 3);
    this.reader = new Thread(this::read, "history-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The reader thread: lines in batches, each handed to the pool, the futures queued in order. */
  private void read() {
    try {
      int lineNo = 0;
      boolean eof = false;
      while (!eof) {
        String[] lines = new String[BATCH];
        int[] numbers = new int[BATCH];
        int n = 0;
        String line = null;
        while (n < BATCH && (line = in.readLine()) != null) {
          lineNo++;
          if (!line.isBlank()) {
            numbers[n] = lineNo;
            lines[n++] = line;
          }
        }
        eof = line == null;
        if (n > 0) {
          int count = n;
          ahead.put(pool.submit(() -> parse(lines, numbers, count)));
        }
      }
    } catch (IOException e) {
      readError = e;
    } catch (InterruptedException e) {
      return; // closed
    }
    try {
      ahead.put(END);
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** The next batch, or null after the last. */
  Batch next() throws IOException {
    if (done) {
      return null;
    }
    try {
      Batch b = ahead.take().get();
      if (b == null) {
        done = true;
        if (readError != null) {
          throw readError;
        }
      }
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static Batch parse(String[] lines, int[] numbers, int n) {
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      try {
        Invoke inv = invoke(lines[i]);
        out[i] = inv != null ? inv : StreamingEvents.event(lines[i]);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + numbers[i] + ": " + e.getMessage(), e);
      }
    }
    return new Batch(out, numbers);
  }

  /** {@code {"type":"invoke","client":C,"nanos":N,...}} read by hand; null for any other line. */
  static Invoke invoke(String line) {
    if (!line.startsWith(INVOKE)) {
      return null;
    }
    int i = INVOKE.length();
    int comma = line.indexOf(',', i);
    String nanosField = ",\"nanos\":";
    if (comma < 0 || !line.startsWith(nanosField, comma)) {
      return null;
    }
    int j = comma + nanosField.length();
    int end = line.indexOf(',', j);
    if (end < 0) {
      return null;
    }
    try {
      return new Invoke(Integer.parseInt(line, i, comma, 10), Long.parseLong(line, j, end, 10), line);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    reader.interrupt();
    pool.shutdownNow();
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    in.close();
  }
}
