package io.dsec2.examples.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client behaving like the load balancer in front of the api servers: every ~200 ms it reads the target group's
 * health (DescribeTargetHealth) and sends requests, round-robin, only to the targets listed {@code healthy}:
 * {@code GET /dolphinscheduler/actuator/health}, expecting 200. Counts requests, failures (with causes) and refreshes
 * that found no healthy target. Stops by itself after 15 min.
 */
final class BalancedClient implements AutoCloseable {
    private final RollingCluster c;
    private final String tg;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> noTarget = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perNode = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile List<String> healthy = List.of();

    BalancedClient(RollingCluster c) {
        this.c = c;
        this.tg = c.targetGroupArn();
        thread = new Thread(this::loop, "balanced-client");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long deadline = System.currentTimeMillis() + 15 * 60_000;
        long nextRefresh = 0;
        int rr = 0;
        while (running.get() && System.currentTimeMillis() < deadline) {
            try {
                if (System.currentTimeMillis() >= nextRefresh) {
                    List<String> h = new ArrayList<>();
                    c.targetStates(tg).forEach((node, state) -> {
                        if (state.equals("healthy")) {
                            h.add(node);
                        }
                    });
                    healthy = h;
                    nextRefresh = System.currentTimeMillis() + 200;
                    if (h.isEmpty()) {
                        noTarget.add(java.time.Instant.now().toString());
                    }
                }
                List<String> h = healthy;
                if (h.isEmpty()) {
                    Thread.sleep(50);
                    continue;
                }
                String node = h.get(Math.floorMod(rr++, h.size()));
                send(node);
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                return;
            } catch (RuntimeException ex) {
                // DescribeTargetHealth failed: a load balancer would keep its last view; so do we
                nextRefresh = System.currentTimeMillis() + 200;
            }
        }
    }

    private void send(String node) throws InterruptedException {
        sent.incrementAndGet();
        perNode.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        URI uri = URI.create("http://" + c.ip(node) + ":12345/dolphinscheduler/actuator/health");
        try {
            HttpResponse<String> r = c.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                failures.add(java.time.Instant.now() + " " + node + ": HTTP " + r.statusCode());
            }
        } catch (java.io.IOException ex) {
            failures.add(java.time.Instant.now() + " " + node + ": " + ex);
        }
    }

    int sent() {
        return sent.get();
    }

    int ok() {
        return ok.get();
    }

    List<String> failures() {
        return failures;
    }

    List<String> refreshesWithoutHealthyTarget() {
        return noTarget;
    }

    /** @return api node to requests sent to it */
    Map<String, AtomicInteger> perNode() {
        return perNode;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
