package io.dsec2.model;

import io.dsec2.internal.cost.PriceTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a spec's cluster costs on demand, estimated from the price table shipped with ds-ec2 (AWS's public list
 * prices in USD, Linux, no discounts; {@link #source()} and {@link #priceDate()} say which): per node group the
 * instances (per hour) and their root volumes (per GiB-month, plus provisioned IOPS and gp3 throughput above the
 * free baseline), and the ALB's hourly charge (without LCU usage). Monthly figures use
 * {@link #hoursPerMonth()} hours (730). Nothing is fetched: an instance type, volume type or region missing from
 * the table is listed in {@link #unpriced()} and left out of the totals, never guessed. Data transfer, S3,
 * the database and ZooKeeper are not included.
 *
 * <pre>{@code
 * CostEstimate c = CostEstimate.of(spec);
 * c.lines().forEach(l -> System.out.println(l.group() + " " + l.usdPerMonth()));
 * System.out.println(c.totalUsdPerMonth() + (c.complete() ? "" : " (incomplete: " + c.unpriced() + ")"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CostEstimate {
    private final String region;
    private final String source;
    private final String priceDate;
    private final int hoursPerMonth;
    private final List<Line> lines;
    private final BigDecimal loadBalancerUsdPerHour;
    private final List<String> unpriced;

    private CostEstimate(String region, PriceTable table, List<Line> lines, BigDecimal alb, List<String> unpriced) {
        this.region = region;
        this.source = table.source();
        this.priceDate = table.date();
        this.hoursPerMonth = table.hoursPerMonth();
        this.lines = List.copyOf(lines);
        this.loadBalancerUsdPerHour = alb;
        this.unpriced = List.copyOf(unpriced);
    }

    /**
     * @param spec a valid spec
     * @return its estimate from the bundled price table, for {@code spec.aws().region()}
     */
    public static CostEstimate of(ClusterSpec spec) {
        Objects.requireNonNull(spec, "spec");
        PriceTable t = PriceTable.bundled();
        String region = spec.aws().region();
        List<String> unpriced = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        if (!t.hasRegion(region)) {
            unpriced.add("region " + region + ": not in the price table (it has prices for a few regions only);"
                    + " nothing is priced");
            return new CostEstimate(region, t, lines, null, unpriced);
        }
        for (NodeGroupSpec g : spec.nodeGroups()) {
            if (g.count() == 0) {
                continue;
            }
            String label = g.role() == NodeRole.WORKER ? "worker/" + g.name() : g.role().id();
            BigDecimal count = BigDecimal.valueOf(g.count());
            BigDecimal instance = t.price("ec2", region, g.instanceType(), "hour").map(p -> p.multiply(count))
                    .orElse(null);
            if (instance == null) {
                unpriced.add(label + ": instance type " + g.instanceType() + " has no price for " + region
                        + " in the table");
            }
            BigDecimal volume = volumePerMonth(t, region, g);
            if (volume == null) {
                unpriced.add(label + ": volume type " + g.rootVolumeType() + " has no price for " + region
                        + " in the table");
            } else {
                volume = volume.multiply(count);
            }
            lines.add(new Line(label, g.role(), g.count(), g.instanceType(), instance, volume, t.hoursPerMonth()));
        }
        BigDecimal alb = null;
        if (spec.loadBalancer().enabled()) {
            alb = t.price("alb", region, "alb", "hour").orElse(null);
            if (alb == null) {
                unpriced.add("load balancer: no ALB price for " + region + " in the table");
            }
        }
        return new CostEstimate(region, t, lines, alb, unpriced);
    }

    private static BigDecimal volumePerMonth(PriceTable t, String region, NodeGroupSpec g) {
        String type = g.rootVolumeType();
        Optional<BigDecimal> gib = t.price("ebs", region, type, "gib-month");
        if (gib.isEmpty()) {
            return null;
        }
        BigDecimal total = gib.get().multiply(BigDecimal.valueOf(g.rootVolumeSizeGib()));
        int paidIops = type.equals("gp3") ? Math.max(0, g.rootVolumeIops() - 3000) : g.rootVolumeIops();
        if (paidIops > 0) {
            total = total.add(t.price("ebs", region, type, "iops-month").orElse(BigDecimal.ZERO)
                    .multiply(BigDecimal.valueOf(paidIops)));
        }
        int paidThroughput = type.equals("gp3") ? Math.max(0, g.rootVolumeThroughput() - 125) : 0;
        if (paidThroughput > 0) {
            total = total.add(t.price("ebs", region, type, "mibps-month").orElse(BigDecimal.ZERO)
                    .multiply(BigDecimal.valueOf(paidThroughput)));
        }
        return total;
    }

    /** @return the region priced */
    public String region() {
        return region;
    }

    /** @return where the prices come from */
    public String source() {
        return source;
    }

    /** @return when the prices were taken, for example {@code 2025-06} */
    public String priceDate() {
        return priceDate;
    }

    /** @return hours in a month for the monthly figures: 730 */
    public int hoursPerMonth() {
        return hoursPerMonth;
    }

    /** @return one line per node group with nodes, in start order */
    public List<Line> lines() {
        return lines;
    }

    /** @return the ALB's hourly charge (without LCU usage), if there is a load balancer and it is priced */
    public Optional<BigDecimal> loadBalancerUsdPerHour() {
        return Optional.ofNullable(loadBalancerUsdPerHour);
    }

    /** @return what could not be priced, each with its reason; empty when the estimate is complete */
    public List<String> unpriced() {
        return unpriced;
    }

    /** @return whether everything was priced */
    public boolean complete() {
        return unpriced.isEmpty();
    }

    /** @return the total per hour of what was priced, in USD */
    public BigDecimal totalUsdPerHour() {
        BigDecimal sum = lines.stream().map(Line::usdPerHour).reduce(BigDecimal.ZERO, BigDecimal::add);
        return loadBalancerUsdPerHour == null ? sum : sum.add(loadBalancerUsdPerHour);
    }

    /** @return the total per month of what was priced, in USD */
    public BigDecimal totalUsdPerMonth() {
        BigDecimal sum = lines.stream().map(Line::usdPerMonth).reduce(BigDecimal.ZERO, BigDecimal::add);
        return loadBalancerUsdPerHour == null ? sum
                : sum.add(loadBalancerUsdPerHour.multiply(BigDecimal.valueOf(hoursPerMonth)));
    }

    /** @return the estimate as the text {@code plan} prints: a table, the totals, what is not priced, the source */
    public String toText() {
        StringBuilder sb = new StringBuilder("estimated cost (on demand, USD, ").append(region).append("):\n");
        sb.append(String.format("  %-16s %5s %-12s %12s %14s %10s %12s%n", "GROUP", "NODES", "TYPE", "INSTANCES/h",
                "VOLUMES/month", "TOTAL/h", "TOTAL/month"));
        for (Line l : lines) {
            sb.append(String.format("  %-16s %5d %-12s %12s %14s %10s %12s%n", l.group(), l.count(), l.instanceType(),
                    money(l.instancesUsdPerHour().orElse(null), 4), money(l.volumesUsdPerMonth().orElse(null), 2),
                    money(l.usdPerHour(), 4), money(l.usdPerMonth(), 2)));
        }
        if (loadBalancerUsdPerHour != null) {
            sb.append(String.format("  %-16s %5s %-12s %12s %14s %10s %12s%n", "load balancer", "1", "ALB",
                    money(loadBalancerUsdPerHour, 4), "-", money(loadBalancerUsdPerHour, 4),
                    money(loadBalancerUsdPerHour.multiply(BigDecimal.valueOf(hoursPerMonth)), 2)));
        }
        sb.append(String.format("  %-16s %5s %-12s %12s %14s %10s %12s%n", "total", "", "", "", "",
                money(totalUsdPerHour(), 4), money(totalUsdPerMonth(), 2)));
        for (String u : unpriced) {
            sb.append("  not priced: ").append(u).append('\n');
        }
        sb.append("  ").append(complete() ? "" : "totals leave out what is not priced; ").append("prices: ")
          .append(source).append(", as of ").append(priceDate).append(" (shipped with ds-ec2, never fetched); ")
          .append(hoursPerMonth).append(" h a month; ALB without LCU usage; no data transfer, S3, database or"
                  + " ZooKeeper\n");
        return sb.toString();
    }

    private static String money(BigDecimal v, int scale) {
        return v == null ? "?" : v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CostEstimate c && region.equals(c.region) && lines.equals(c.lines)
                && Objects.equals(loadBalancerUsdPerHour, c.loadBalancerUsdPerHour) && unpriced.equals(c.unpriced)
                && source.equals(c.source) && priceDate.equals(c.priceDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, lines, loadBalancerUsdPerHour, unpriced, source, priceDate);
    }

    @Override
    public String toString() {
        return "CostEstimate{" + region + ", " + totalUsdPerHour() + " USD/h, " + totalUsdPerMonth() + " USD/month"
                + (complete() ? "" : ", unpriced=" + unpriced) + "}";
    }

    /** The cost of one node group: its instances and their root volumes. Immutable. */
    public static final class Line {
        private final String group;
        private final NodeRole role;
        private final int count;
        private final String instanceType;
        private final BigDecimal instancesUsdPerHour;
        private final BigDecimal volumesUsdPerMonth;
        private final int hoursPerMonth;

        private Line(String group, NodeRole role, int count, String instanceType, BigDecimal instances,
                     BigDecimal volumes, int hoursPerMonth) {
            this.group = group;
            this.role = role;
            this.count = count;
            this.instanceType = instanceType;
            this.instancesUsdPerHour = instances;
            this.volumesUsdPerMonth = volumes;
            this.hoursPerMonth = hoursPerMonth;
        }

        /** @return {@code master}, {@code api}, {@code alert}, or {@code worker/<group name>} */
        public String group() {
            return group;
        }

        /** @return the role */
        public NodeRole role() {
            return role;
        }

        /** @return nodes in the group */
        public int count() {
            return count;
        }

        /** @return their instance type */
        public String instanceType() {
            return instanceType;
        }

        /** @return all the group's instances per hour, if the type is priced */
        public Optional<BigDecimal> instancesUsdPerHour() {
            return Optional.ofNullable(instancesUsdPerHour);
        }

        /** @return all the group's root volumes per month, if the volume type is priced */
        public Optional<BigDecimal> volumesUsdPerMonth() {
            return Optional.ofNullable(volumesUsdPerMonth);
        }

        /** @return what is priced of the group, per hour (volumes: monthly price / hours per month) */
        public BigDecimal usdPerHour() {
            BigDecimal sum = instancesUsdPerHour == null ? BigDecimal.ZERO : instancesUsdPerHour;
            if (volumesUsdPerMonth != null) {
                sum = sum.add(volumesUsdPerMonth.divide(BigDecimal.valueOf(hoursPerMonth), 10, RoundingMode.HALF_UP));
            }
            return sum;
        }

        /** @return what is priced of the group, per month */
        public BigDecimal usdPerMonth() {
            BigDecimal sum = instancesUsdPerHour == null ? BigDecimal.ZERO
                    : instancesUsdPerHour.multiply(BigDecimal.valueOf(hoursPerMonth));
            return volumesUsdPerMonth == null ? sum : sum.add(volumesUsdPerMonth);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line l && group.equals(l.group) && count == l.count
                    && instanceType.equals(l.instanceType) && Objects.equals(instancesUsdPerHour, l.instancesUsdPerHour)
                    && Objects.equals(volumesUsdPerMonth, l.volumesUsdPerMonth);
        }

        @Override
        public int hashCode() {
            return Objects.hash(group, count, instanceType, instancesUsdPerHour, volumesUsdPerMonth);
        }

        @Override
        public String toString() {
            return "Line{" + group + " x" + count + " " + instanceType + ", instances/h=" + instancesUsdPerHour
                    + ", volumes/month=" + volumesUsdPerMonth + "}";
        }
    }
}
