// When an embed counts as seen by the reader: on screen, and enough of it to read (a tiny or off-screen frame is not).

/** The smallest part of the embed that counts as seen: this wide and half this tall, CSS px (a 1×1 frame never is). */
export const MIN_SEEN_PX = 80;

/**
 * Calls `onSeen` once, the first time `el` is on screen with at least MIN_SEEN_PX × MIN_SEEN_PX/2 of it showing;
 * `onUnseen` hears each look that did not count. Returns the function that stops watching.
 *
 * Covered or transparent frames are not told apart (IntersectionObserver v2's `isVisible`, Chromium only, also
 * said "not visible" for plainly visible frames in some layouts): hiding an embed is no way around the run rule
 * anyway, since a page that frames it may opt in to runs outright (`hostrun=1`).
 */
export function watchSeen(el: Element, onSeen: () => void, onUnseen?: () => void): () => void {
  const io = new IntersectionObserver(
    (entries) => {
      const seen = entries.some((e) => {
        const r = e.intersectionRect;
        return e.isIntersecting && r.width >= MIN_SEEN_PX && r.height >= MIN_SEEN_PX / 2;
      });
      if (!seen) {
        onUnseen?.();
        return;
      }
      stop();
      onSeen();
    },
    { threshold: [0, 0.25, 0.5, 0.75, 1] },
  );
  io.observe(el);
  // A frame still laying out is small at first; a ratio that stays the same while it grows gives no new report,
  // so each change of size asks again (observing anew reports at once).
  const ro = new ResizeObserver(() => {
    io.unobserve(el);
    io.observe(el);
  });
  ro.observe(el);
  function stop(): void {
    io.disconnect();
    ro.disconnect();
  }
  return stop;
}
