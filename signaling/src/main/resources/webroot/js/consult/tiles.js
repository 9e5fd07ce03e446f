// The others in the call, large: one tile per member present (JOINED or DISCONNECTED), with name,
// organization and state, whether or not their media has come yet; the video arrives by msid (the
// stream id is the publisher's participant id, docs/protocol.md). The loudest speaker is highlighted
// (getStats audio levels); the layout follows the server: the dominant speaker (media.speaker) large,
// the others as thumbnails.
import { el } from '../dom.js';
import { label } from '../i18n.js';

const PRESENT = ['JOINED', 'DISCONNECTED'];
/** audioLevel (0..1) above which a participant counts as speaking. */
const SPEAKING_LEVEL = 0.02;
/** The picture heights asked of the relay (media.prefer) for a large tile and a thumbnail. */
export const LARGE_HEIGHT = 720;
export const THUMB_HEIGHT = 180;

export class CallTiles {
  constructor(container) {
    this.container = container;
    this.tiles = new Map();
    this.trackOwners = new Map();
    /** Whom the server last named the dominant speaker (kept while nobody speaks). */
    this.speakerId = null;
  }

  /** media.speaker: the speaker large; null (nobody speaks) keeps the layout as it is. */
  speaker(participantId) {
    if (participantId) this.speakerId = participantId;
    this.layout();
  }

  /**
   * One tile large, the others thumbnails: the server's speaker while present; before the server has
   * named one (or when they left), the patient's TV if it shows a picture, else whoever does, else the
   * TV, else the first. Returns whether it changed.
   */
  layout() {
    const ids = [...this.tiles.keys()];
    const showsPicture = (id) => this.tiles.get(id).querySelector('.no-video').hidden;
    const tvs = ids.filter((id) => this.tiles.get(id).dataset.kind === 'tv');
    const speaker = this.speakerId && this.tiles.has(this.speakerId) ? this.speakerId : null;
    const large = speaker || tvs.find(showsPicture) || ids.find(showsPicture) || tvs[0] || ids[0] || null;
    let changed = false;
    for (const [id, tile] of this.tiles) {
      const layout = id === large ? 'large' : 'thumb';
      if (tile.dataset.layout !== layout) changed = true;
      tile.dataset.layout = layout;
    }
    this.container.dataset.speaker = large || '';
    return changed;
  }

  /** The picture height wanted of a participant's video: their tile's size. */
  heightFor(participantId) {
    const tile = this.tiles.get(participantId);
    return tile && tile.dataset.layout === 'thumb' ? THUMB_HEIGHT : LARGE_HEIGHT;
  }

  /**
   * A call snapshot: tiles for the members present other than me, captions kept current. Returns
   * whether the layout changed (the sizes to ask the relay for did).
   */
  members(call, meId) {
    const present = new Set();
    for (const m of call.members) {
      if (m.party.id === meId || !PRESENT.includes(m.state)) continue;
      present.add(m.party.id);
      const tile = this.tile(m.party.id);
      tile.dataset.kind = m.party.role === 'PATIENT_DEVICE' ? 'tv' : 'practitioner';
      tile.dataset.state = m.state;
      tile.querySelector('.name').textContent = m.name || m.party.id;
      tile.querySelector('.org').textContent = m.organization || '';
      label(tile.querySelector('.member-state'), `member.${m.state}`);
    }
    for (const [id, tile] of this.tiles) {
      if (!present.has(id)) {
        tile.remove();
        this.tiles.delete(id);
      }
    }
    return this.layout();
  }

  /** A remote stream from the subscribe PeerConnection. Returns whether the layout changed. */
  stream(participantId, stream, track) {
    const tile = this.tile(participantId);
    const video = tile.querySelector('video');
    if (video.srcObject !== stream) video.srcObject = stream;
    if (track) this.trackOwners.set(track.id, participantId);
    tile.dataset.media = 'yes';
    if (stream.getVideoTracks().length || (track && track.kind === 'video')) tile.querySelector('.no-video').hidden = true;
    return this.layout();
  }

  /** Inbound audio levels by track id: the loudest participant above the threshold is highlighted. */
  speaking(levelsByTrack) {
    let loudest = null;
    let best = SPEAKING_LEVEL;
    for (const [trackId, level] of levelsByTrack) {
      const owner = this.trackOwners.get(trackId);
      if (owner && level > best) {
        best = level;
        loudest = owner;
      }
    }
    for (const [id, tile] of this.tiles) {
      const on = id === loudest;
      tile.classList.toggle('speaking', on);
      tile.querySelector('.speaking-label').hidden = !on;
    }
  }

  clear() {
    this.tiles.forEach((tile) => tile.remove());
    this.tiles.clear();
    this.trackOwners.clear();
    this.speakerId = null;
    delete this.container.dataset.speaker;
  }

  tile(participantId) {
    let tile = this.tiles.get(participantId);
    if (tile) return tile;
    tile = el('figure', { attrs: { class: 'tile remote', id: `tile-${participantId}` } });
    tile.dataset.participant = participantId;
    const video = el('video');
    video.autoplay = true;
    video.playsInline = true;
    const caption = el('figcaption');
    caption.append(
      el('span', { data: participantId, attrs: { class: 'name' } }),
      ' ',
      el('span', { data: '', attrs: { class: 'org' } }),
      ' ',
      el('span', { attrs: { class: 'member-state' } }),
      ' ',
      el('span', { text: ['consult.speaking'], attrs: { class: 'speaking-label' } }),
    );
    caption.querySelector('.speaking-label').hidden = true;
    // a TV or a browser that sends no camera: say so over the black picture
    const noVideo = el('p', { text: ['consult.noVideo'], attrs: { class: 'no-video' } });
    tile.append(video, noVideo, caption);
    this.container.append(tile);
    this.tiles.set(participantId, tile);
    this.layout();
    return tile;
  }
}
