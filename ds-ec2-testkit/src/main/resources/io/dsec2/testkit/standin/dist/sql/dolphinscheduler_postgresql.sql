-- ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's sql/dolphinscheduler_postgresql.sql. The stand-in
-- simulates only MySQL-protocol metadata databases; this file exists for the layout.
DROP TABLE IF EXISTS t_ds_version;
CREATE TABLE t_ds_version (
  id serial NOT NULL,
  version varchar(63) NOT NULL,
  PRIMARY KEY (id)
);
INSERT INTO t_ds_version(version) VALUES ('3.2.0');
