package org.ruralconsult.domain.directory;

/**
 * A county hospital, township health centre, care home or village.
 *
 * @param partOf the county hospital a township centre belongs to (null for the county itself)
 * @param servedBy the township centre that serves a village or care home (null otherwise)
 * @param autoAnswer a care home that lets its residents' TVs answer calls started by its staff
 */
public record Organization(
        String id, String name, OrganizationType type, String partOf, String servedBy, boolean autoAnswer) {}
