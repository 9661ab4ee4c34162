package io.dsec2.internal.spec.yaml;

import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/** "Did you mean" hints for unknown keys, by edit distance. */
final class Suggest {
    private Suggest() {
    }

    /**
     * @param key the unknown key
     * @param allowed the valid keys
     * @return {@code ": did you mean 'x'?"} for the closest key within distance 2 (or 1/3 of its length), else
     *     {@code "; valid keys: a, b, c"}
     */
    static String didYouMean(String key, Collection<String> allowed) {
        String normalized = key.toLowerCase(Locale.ROOT).replace('-', '_');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(allowed)) {
            int d = distance(normalized, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 3)) {
            return ": did you mean '" + best + "'?";
        }
        return "; valid keys: " + String.join(", ", new TreeSet<>(allowed));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
