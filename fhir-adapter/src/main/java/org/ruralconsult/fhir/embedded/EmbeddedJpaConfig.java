package org.ruralconsult.fhir.embedded;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The smallest Spring configuration that runs HAPI FHIR's JPA server for R4 on H2: HAPI's own
 * configuration classes plus the few beans they expect the host to provide (data source, entity
 * manager factory, transaction manager, storage settings). Full-text search (Hibernate Search) is off:
 * the adapter only needs token/reference searches, which the JPA indexes answer.
 */
@Configuration
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class,
    SubscriptionChannelConfig.class
})
public class EmbeddedJpaConfig {
    /** Spring property naming the H2 database directory (set by {@link EmbeddedFhirServer}). */
    static final String DATABASE_DIRECTORY_PROPERTY = "ruralconsult.fhir.h2.directory";

    @Bean
    public JpaStorageSettings storageSettings() {
        JpaStorageSettings settings = new JpaStorageSettings();
        // The adapter writes client-assigned ids (PUT Encounter/enc-...), see ConsultBundleFactory.
        settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
        settings.setAllowMultipleDelete(false);
        // No reuse of cached search results: a search right after a delivery must see it (HAPI would
        // otherwise answer the same search URL from its cache for a minute).
        settings.setReuseCachedSearchResultsForMillis(null);
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    public SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    @Bean(destroyMethod = "close")
    public DataSource dataSource(@Value("${" + DATABASE_DIRECTORY_PROPERTY + "}") String directory) {
        BasicDataSource dataSource = new BasicDataSource();
        dataSource.setDriverClassName("org.h2.Driver");
        // A file database: the records survive restarts of the embedded server. WRITE_DELAY=0: H2 writes
        // each commit to the file before the commit returns. By default it keeps commits in memory for up
        // to 500 ms (https://h2database.com/html/commands.html#set_write_delay), and a kill -9 in that time
        // lost transactions the FHIR server had already answered 200 to (measured: 5 of 5 kills lost the
        // last 46-291 acknowledged commits; with WRITE_DELAY=0, 0 of 5 lost any). H2 still does not fsync
        // each commit: a power failure can lose the last ones, which the adapter's redeliver window covers.
        dataSource.setUrl("jdbc:h2:file:" + Path.of(directory, "fhir").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        dataSource.setMaxTotal(10);
        return dataSource;
    }

    @Bean
    @Primary
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        Properties jpa = new Properties();
        jpa.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
        jpa.put("hibernate.hbm2ddl.auto", "update");
        jpa.put("hibernate.search.enabled", "false");
        jpa.put("hibernate.format_sql", "false");
        jpa.put("hibernate.show_sql", "false");
        jpa.put("hibernate.jdbc.batch_size", "20");
        jpa.put("hibernate.cache.use_query_cache", "false");
        jpa.put("hibernate.cache.use_second_level_cache", "false");
        factory.setJpaProperties(jpa);
        return factory;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }
}
