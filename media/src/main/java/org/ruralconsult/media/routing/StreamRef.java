package org.ruralconsult.media.routing;

/** What an incoming SSRC is: a producer's layer, either its media or its RTX stream. */
record StreamRef(Producer producer, int layer, boolean rtx) {}
