/**
 * AWS implementations of the ds-ec2 SPIs, built on the AWS SDK for Java v2: {@link io.dsec2.aws.AwsProvisioner}
 * (EC2 instances, security groups, subnets, AL2023 AMI) and {@link io.dsec2.aws.AwsLoadBalancer} (ELBv2), both
 * configured with {@link io.dsec2.aws.AwsClientSettings}; {@link io.dsec2.aws.S3StateStore}, a state store with a
 * cluster lock in an S3 bucket for teams.
 *
 * <p>Nothing in this package is null unless documented otherwise; optional values are returned as
 * {@link java.util.Optional}. AWS SDK types appear in public signatures only in documented escape hatches
 * (user-supplied clients, a credentials provider, a RunInstances customizer).
 */
package io.dsec2.aws;
