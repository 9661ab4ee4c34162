package io.dsec2.internal.spec;

import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DatabaseType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for {@code database.params}: only driver properties on an allow-list (connection encoding, TLS, timeouts,
 * statement caching), values of plain characters, and a warning when TLS is turned off. Properties such as
 * MySQL Connector/J's {@code allowLoadLocalInfile}, {@code allowUrlInLocalInfile} or {@code autoDeserialize} let a
 * rogue server read the operator's files or run code, so they are refused by name. Stateless.
 *
 * <p>Connector/J properties: https://dev.mysql.com/doc/connector-j/en/connector-j-reference-configuration-properties.html;
 * PgJDBC: https://jdbc.postgresql.org/documentation/use/#connection-parameters
 */
final class JdbcParams {
    private static final Set<String> MYSQL = lower(Set.of("useUnicode", "characterEncoding", "characterSetResults",
            "connectionCollation", "sslMode", "useSSL", "requireSSL", "verifyServerCertificate", "enabledTLSProtocols",
            "enabledSSLCipherSuites", "serverTimezone", "connectionTimeZone", "forceConnectionTimeZoneToSession",
            "connectTimeout", "socketTimeout", "tcpKeepAlive", "zeroDateTimeBehavior", "rewriteBatchedStatements",
            "useServerPrepStmts", "cachePrepStmts", "prepStmtCacheSize", "prepStmtCacheSqlLimit", "useCursorFetch",
            "defaultFetchSize", "useCompression", "autoReconnect", "maxReconnects", "failOverReadOnly",
            "useLegacyDatetimeCode", "nullCatalogMeansCurrent", "nullDatabaseMeansCurrent", "useInformationSchema"));
    private static final Set<String> POSTGRESQL = lower(Set.of("sslmode", "ssl", "sslrootcert", "connectTimeout",
            "socketTimeout", "loginTimeout", "tcpKeepAlive", "ApplicationName", "currentSchema", "stringtype",
            "reWriteBatchedInserts", "prepareThreshold", "targetServerType", "loadBalanceHosts", "defaultRowFetchSize",
            "binaryTransfer"));
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._,:/+-]*");

    private JdbcParams() {
    }

    static void check(DatabaseSpec db, Report r) {
        Map<String, String> params = parse(db.params());
        Set<String> allowed = db.type() == DatabaseType.MYSQL ? MYSQL : POSTGRESQL;
        params.forEach((name, value) -> {
            String path = "database.params." + Grammar.shownKey(name);
            if (!allowed.contains(name.toLowerCase(Locale.ROOT))) {
                r.error(path, "is not a driver property ds-ec2 passes on: only encoding, TLS, time zone, timeout and"
                        + " statement-cache properties are allowed (properties such as allowLoadLocalInfile or"
                        + " autoDeserialize let a rogue database server read files or run code where ds-ec2 runs)");
            } else if (!VALUE.matcher(value).matches()) {
                r.error(path, "has a value with characters other than letters, digits and . _ , : / + -");
            }
        });
        if (db.type() == DatabaseType.MYSQL && !mysqlTls(params)) {
            r.warn("database.params", "turns TLS off: the database password and data cross the network in clear;"
                    + " remove useSSL=false / sslMode=" + params.getOrDefault("sslMode", "DISABLED")
                    + " (ds-ec2 then uses sslMode=REQUIRED)");
        }
    }

    /** @return whether MySQL params keep TLS on (unset means on: ds-ec2 adds {@code sslMode=REQUIRED}) */
    static boolean mysqlTls(Map<String, String> params) {
        String mode = value(params, "sslMode");
        if (mode != null) {
            return !mode.equalsIgnoreCase("DISABLED") && !mode.equalsIgnoreCase("PREFERRED");
        }
        String useSsl = value(params, "useSSL");
        return useSsl == null || !useSsl.equalsIgnoreCase("false");
    }

    private static String value(Map<String, String> params, String name) {
        return params.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    static Map<String, String> parse(String params) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : params.split("&")) {
            if (!part.isEmpty()) {
                int eq = part.indexOf('=');
                out.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
            }
        }
        return out;
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }
}
