package io.dsec2.model;

/**
 * The metadata database engine. DS 3.2.0 supports MySQL 5.7+ (driver not bundled; ds-ec2 installs
 * {@code com.mysql:mysql-connector-j:8.0.33} on the nodes) and PostgreSQL (its driver, {@code postgresql-42.4.1.jar},
 * ships in every server's {@code libs} of {@code apache-dolphinscheduler-3.2.0-bin.tar.gz}). Aurora MySQL and Aurora
 * PostgreSQL are these engines: give the cluster (writer) endpoint as the host. The client's own reads (validate,
 * schema version, drains, purge) need the engine's driver on its class path; the CLI carries both.
 */
public enum DatabaseType {
    /** MySQL or Aurora MySQL; default port 3306; Spring profile {@code mysql}. */
    MYSQL("mysql", 3306),
    /** PostgreSQL or Aurora PostgreSQL; default port 5432; Spring profile {@code postgresql}. */
    POSTGRESQL("postgresql", 5432);

    private final String id;
    private final int defaultPort;

    DatabaseType(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }

    /** @return {@code mysql} or {@code postgresql}: the value of DS's {@code DATABASE} variable */
    public String id() {
        return id;
    }

    /** @return 3306 or 5432 */
    public int defaultPort() {
        return defaultPort;
    }
}
