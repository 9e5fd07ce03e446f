/**
 * Bandwidth estimation with transport-wide congestion control: the receive side that answers publishers
 * with feedback ({@link org.ruralconsult.media.bwe.ArrivalFeedback}), and the send side that estimates each
 * subscriber's link from its feedback ({@link org.ruralconsult.media.bwe.SendSideEstimator}), after Google
 * Congestion Control (draft-ietf-rmcat-gcc-02). Pure classes: time is passed in, no threads; each instance
 * belongs to one worker thread.
 */
package org.ruralconsult.media.bwe;
