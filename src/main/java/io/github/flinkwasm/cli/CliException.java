package io.github.flinkwasm.cli;

import org.apache.flink.annotation.Internal;

/**
 * A problem the user can fix: a wrong argument, a literal that does not fit, a failed statement.
 * The command line prints its message as one line (and the stack trace only with {@code
 * --verbose}) and exits with status 1.
 */
@Internal
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
