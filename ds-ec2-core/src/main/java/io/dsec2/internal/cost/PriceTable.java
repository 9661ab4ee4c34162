package io.dsec2.internal.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The on-demand price table shipped with ds-ec2 ({@code aws-on-demand-prices.csv} next to this class): EC2
 * instance hours, EBS GiB-months (plus gp3/io1/io2 IOPS and gp3 throughput) and the ALB hour, per region. Read
 * from the class path, never from the network. Immutable and thread-safe.
 */
public final class PriceTable {
    /** The table in the ds-ec2-core jar. */
    public static final String RESOURCE = "aws-on-demand-prices.csv";
    private static volatile PriceTable bundled;

    private final Map<String, BigDecimal> prices;
    private final String source;
    private final String date;
    private final int hoursPerMonth;

    private PriceTable(Map<String, BigDecimal> prices, Map<String, String> meta) {
        this.prices = Map.copyOf(prices);
        this.source = meta.getOrDefault("source", "unknown");
        this.date = meta.getOrDefault("date", "unknown");
        this.hoursPerMonth = Integer.parseInt(meta.getOrDefault("hours_per_month", "730"));
    }

    /** @return the table shipped in the jar (read once) */
    public static PriceTable bundled() {
        PriceTable t = bundled;
        if (t == null) {
            try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the ds-ec2-core jar");
                }
                t = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + RESOURCE, e);
            }
            bundled = t;
        }
        return t;
    }

    /**
     * @param in CSV: {@code @key=value} metadata lines, {@code #} comments, a header, then
     *     {@code kind,region,item,unit,usd} rows
     * @return the table
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if a row is malformed
     */
    public static PriceTable parse(InputStream in) throws IOException {
        Map<String, BigDecimal> prices = new HashMap<>();
        Map<String, String> meta = new HashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("kind,")) {
                continue;
            }
            if (t.startsWith("@")) {
                int eq = t.indexOf('=');
                meta.put(t.substring(1, eq), t.substring(eq + 1));
                continue;
            }
            String[] f = t.split(",");
            if (f.length != 5) {
                throw new IllegalArgumentException("price table line " + n + ": expected kind,region,item,unit,usd");
            }
            prices.put(key(f[0], f[1], f[2], f[3]), new BigDecimal(f[4]));
        }
        return new PriceTable(prices, meta);
    }

    private static String key(String kind, String region, String item, String unit) {
        return kind + "|" + region + "|" + item + "|" + unit;
    }

    /**
     * @param kind {@code ec2}, {@code ebs} or {@code alb}
     * @param region region
     * @param item instance type, volume type or {@code alb}
     * @param unit {@code hour}, {@code gib-month}, {@code iops-month} or {@code mibps-month}
     * @return the USD price, if the table has it
     */
    public Optional<BigDecimal> price(String kind, String region, String item, String unit) {
        return Optional.ofNullable(prices.get(key(kind, region, item, unit)));
    }

    /**
     * @param region a region
     * @return whether the table has any price for it
     */
    public boolean hasRegion(String region) {
        return prices.keySet().stream().anyMatch(k -> k.split("\\|")[1].equals(region));
    }

    /** @return where the prices come from */
    public String source() {
        return source;
    }

    /** @return when they were taken, for example {@code 2025-06} */
    public String date() {
        return date;
    }

    /** @return hours in a month for monthly figures (730, as AWS's calculator) */
    public int hoursPerMonth() {
        return hoursPerMonth;
    }
}
