package io.dsec2.testkit.aws;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The error answers {@link AwsFaultProxy} sends, in the wire format of the protocol the called service speaks,
 * so the SDK parses them exactly as it would parse AWS's own.
 *
 * <ul>
 *   <li>EC2 (ec2 query protocol): {@code <Response><Errors><Error><Code>RequestLimitExceeded</Code>...},
 *       HTTP 503 (AWS answers throttling with 503 for EC2); the 503 fault uses code {@code Unavailable}.</li>
 *   <li>Other query-protocol services (elasticloadbalancing, iam, sts, autoscaling...):
 *       {@code <ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded}, HTTP 400
 *       (the code and message ELBv2 sends on the wire); the 503 fault uses {@code ServiceUnavailable}.</li>
 *   <li>S3 (rest-xml): {@code <Error><Code>SlowDown</Code>...}, HTTP 503; the 503 fault uses
 *       {@code ServiceUnavailable}.</li>
 *   <li>JSON protocols (ssm, secretsmanager, ...): {@code {"__type":"ThrottlingException"}} with
 *       {@code x-amzn-ErrorType}, HTTP 400; the 503 fault uses {@code ServiceUnavailableException}.</li>
 * </ul>
 * All codes used for throttling are in SDK v2's throttling list ({@code AwsErrorCode.THROTTLING_ERROR_CODES}:
 * Throttling, ThrottlingException, SlowDown, RequestLimitExceeded, ...), so {@code isThrottlingException()} is
 * true for them. Stateless; thread-safe.
 */
final class FaultAnswers {
    private static final Set<String> JSON_SERVICES = Set.of("ssm", "secretsmanager", "kms", "logs", "dynamodb",
            "events", "ecs", "ecr", "sqs", "cloudtrail", "codebuild", "acm", "route53resolver");

    private FaultAnswers() {
    }

    /** The protocol families whose error formats differ. */
    enum Protocol { EC2, QUERY, S3, JSON }

    /** @return the protocol for the service name from the SigV4 credential scope (may be null) and request */
    static Protocol protocolOf(String service, HttpHead request) {
        if ("ec2".equals(service)) {
            return Protocol.EC2;
        }
        if ("s3".equals(service) || "s3express".equals(service)) {
            return Protocol.S3;
        }
        String ct = request.header("Content-Type");
        String lower = ct == null ? "" : ct.toLowerCase(Locale.ROOT);
        if (lower.startsWith("application/x-amz-json") || (service != null && JSON_SERVICES.contains(service))) {
            return Protocol.JSON;
        }
        if (lower.startsWith("application/x-www-form-urlencoded") || request.target().contains("Action=")) {
            return Protocol.QUERY;
        }
        return Protocol.JSON; // rest-json services also read x-amzn-ErrorType
    }

    /** @return the complete HTTP response (head and body) for the fault, always with Connection: close */
    static byte[] answer(AwsFaultProxy.Fault fault, Protocol protocol) {
        if (fault == AwsFaultProxy.Fault.UNAUTHORIZED) {
            return denied(protocol);
        }
        boolean throttle = fault == AwsFaultProxy.Fault.THROTTLING;
        String requestId = UUID.randomUUID().toString();
        int status;
        String contentType;
        String extraHeader = "";
        String body;
        switch (protocol) {
            case EC2 -> {
                status = 503;
                contentType = "text/xml;charset=UTF-8";
                String code = throttle ? "RequestLimitExceeded" : "Unavailable";
                String msg = throttle ? "Request limit exceeded." : "The server is overloaded and can't handle the request.";
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                        + "</Code><Message>" + msg + "</Message></Error></Errors><RequestID>" + requestId
                        + "</RequestID></Response>";
            }
            case QUERY -> {
                status = throttle ? 400 : 503;
                contentType = "text/xml";
                String type = throttle ? "Sender" : "Receiver";
                String code = throttle ? "Throttling" : "ServiceUnavailable";
                String msg = throttle ? "Rate exceeded" : "Service Unavailable";
                body = "<ErrorResponse><Error><Type>"
                        + type + "</Type><Code>" + code + "</Code><Message>" + msg + "</Message></Error><RequestId>"
                        + requestId + "</RequestId></ErrorResponse>";
            }
            case S3 -> {
                status = 503;
                contentType = "application/xml";
                String code = throttle ? "SlowDown" : "ServiceUnavailable";
                String msg = throttle ? "Please reduce your request rate." : "Service is unable to handle request.";
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + msg
                        + "</Message><RequestId>" + requestId + "</RequestId></Error>";
                extraHeader = "x-amz-request-id: " + requestId + "\r\n";
            }
            default -> {
                status = throttle ? 400 : 503;
                contentType = "application/x-amz-json-1.1";
                String code = throttle ? "ThrottlingException" : "ServiceUnavailableException";
                String msg = throttle ? "Rate exceeded" : "Service Unavailable";
                body = "{\"__type\":\"" + code + "\",\"message\":\"" + msg + "\"}";
                extraHeader = "x-amzn-ErrorType: " + code + "\r\n";
            }
        }
        return response(status, contentType, extraHeader, body, requestId);
    }

    /**
     * The permission error: EC2 {@code UnauthorizedOperation}, query services and S3 {@code AccessDenied}, JSON
     * services {@code AccessDeniedException}; HTTP 403 (400 for JSON, as those services send it).
     */
    private static byte[] denied(Protocol protocol) {
        String requestId = UUID.randomUUID().toString();
        String msg = "You are not authorized to perform this operation.";
        return switch (protocol) {
            case EC2 -> response(403, "text/xml;charset=UTF-8", "", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>" + msg
                    + "</Message></Error></Errors><RequestID>" + requestId + "</RequestID></Response>", requestId);
            case QUERY -> response(403, "text/xml", "", "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied"
                    + "</Code><Message>" + msg + "</Message></Error><RequestId>" + requestId
                    + "</RequestId></ErrorResponse>", requestId);
            case S3 -> response(403, "application/xml", "x-amz-request-id: " + requestId + "\r\n",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied"
                    + "</Message><RequestId>" + requestId + "</RequestId></Error>", requestId);
            default -> response(400, "application/x-amz-json-1.1", "x-amzn-ErrorType: AccessDeniedException\r\n",
                    "{\"__type\":\"AccessDeniedException\",\"message\":\"" + msg + "\"}", requestId);
        };
    }

    private static byte[] response(int status, String contentType, String extraHeader, String body,
            String requestId) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String reason = switch (status) {
            case 503 -> " Service Unavailable";
            case 403 -> " Forbidden";
            default -> " Bad Request";
        };
        String head = "HTTP/1.1 " + status + reason + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "x-amzn-RequestId: " + requestId + "\r\n"
                + extraHeader
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        return all;
    }
}
