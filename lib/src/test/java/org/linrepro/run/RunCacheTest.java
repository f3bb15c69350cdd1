package org.linrepro.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunCacheTest {
    @Test
    void aRunHappensOncePerKindAndKey() {
        AtomicInteger runs = new AtomicInteger();
        assertEquals(1, (int) RunCache.get("test.once", "k", runs::incrementAndGet));
        assertEquals(1, (int) RunCache.get("test.once", "k", runs::incrementAndGet));
        assertEquals(2, (int) RunCache.get("test.once", "other", runs::incrementAndGet));
        assertEquals(3, (int) RunCache.get("test.otherKind", "k", runs::incrementAndGet), "kinds do not share keys");
    }

    @Test
    void aRunMayAskForAnotherAndAFailedRunIsNotKept() {
        int outer = RunCache.get("test.outer", 1, () -> RunCache.get("test.inner", 1, () -> 20) + 1);
        assertEquals(21, outer);
        assertThrows(IllegalStateException.class, () -> RunCache.get("test.fails", 1, () -> {
            throw new IllegalStateException("broken");
        }));
        assertEquals(5, (int) RunCache.get("test.fails", 1, () -> 5));
        RunCache.put("test.put", "k", 7);
        assertEquals(7, (int) RunCache.find("test.put", "k").orElseThrow());
        assertTrue(RunCache.find("test.put", "none").isEmpty());
    }

    @Test
    void concurrentAsksWaitForTheFirst() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> RunCache.get("test.concurrent", "k", () -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return runs.incrementAndGet();
            }));
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(1, runs.get());
    }
}
