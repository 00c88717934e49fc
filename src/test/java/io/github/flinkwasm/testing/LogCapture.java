package io.github.flinkwasm.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What one logger writes while a test runs, as Log4j events: logger name, level and message.
 * Opens the logger down to TRACE and puts its level back on close.
 */
public final class LogCapture implements AutoCloseable {
    /** One event: who logged what at which level. */
    public record Line(String logger, String level, String message) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private final LoggerContext context;
    private final LoggerConfig config;
    private final boolean created;
    private final Level previous;
    private final AbstractAppender appender;
    private final List<Line> lines = new ArrayList<>();

    private LogCapture(String loggerName) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig existing = configuration.getLoggerConfig(loggerName);
        created = !existing.getName().equals(loggerName);
        if (created) {
            existing = new LoggerConfig(loggerName, Level.TRACE, true);
            configuration.addLogger(loggerName, existing);
        }
        config = existing;
        previous = config.getLevel();
        appender = new AbstractAppender("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (lines) {
                    lines.add(new Line(
                            event.getLoggerName(),
                            event.getLevel().name(),
                            event.getMessage().getFormattedMessage()));
                }
            }
        };
        appender.start();
        config.addAppender(appender, Level.TRACE, null);
        config.setLevel(Level.TRACE);
        context.updateLoggers();
    }

    /** Captures what the logger with this name (and its children) writes from now on. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** The lines so far, in order. */
    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        if (created) {
            context.getConfiguration().removeLogger(config.getName());
        } else {
            config.setLevel(previous);
        }
        context.updateLoggers();
        appender.stop();
    }
}
