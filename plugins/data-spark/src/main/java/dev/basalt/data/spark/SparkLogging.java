package dev.basalt.data.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;

import java.net.URISyntaxException;

/**
 * Spark logs through Log4j 2 and, finding it unconfigured, loads its own INFO defaults: dozens of lines before the
 * first document. Unless someone configured Log4j already, Spark gets a configuration at {@code data.log-level}.
 */
final class SparkLogging {

    private SparkLogging() {
    }

    static void quiet(String level) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (context.getConfiguration() instanceof DefaultConfiguration) {
            try {
                context.setConfigLocation(SparkLogging.class.getResource("spark-log4j2.properties").toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("the plugin jar's own resource has a bad URI", e);
            }
        }
        Configurator.setRootLevel(Level.toLevel(level));
    }
}
