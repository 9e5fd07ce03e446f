/**
 * Routing: a {@link org.ruralconsult.media.routing.Router} per call keeps the maps (participants,
 * producers, consumers) and fans packets out; it runs on its worker's thread only.
 */
package org.ruralconsult.media.routing;
