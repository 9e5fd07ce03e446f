/**
 * The box around the TV app, free of JavaFX: the ring tone and waking the TV (HDMI-CEC) when a call rings,
 * driven by the screens of {@link org.ruralconsult.tv.TvApp} through {@link org.ruralconsult.tv.box.RingAlert}.
 */
package org.ruralconsult.tv.box;
