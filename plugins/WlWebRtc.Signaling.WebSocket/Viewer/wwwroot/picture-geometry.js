// Where the picture is inside the <video> element. The video is scaled to fit (CSS object-fit: contain), so the
// element may have letterbox or pillarbox bars; pointer positions are normalised to the picture, not the element.
// No DOM here, so the unit tests run it under node.

/**
 * The rectangle the picture occupies, in the coordinates of `box` (the element's client rectangle), with the
 * scale from video pixels to those coordinates; null while the video has no size.
 */
export function pictureRect(videoWidth, videoHeight, box) {
  if (!videoWidth || !videoHeight) return null;
  const scale = Math.min(box.width / videoWidth, box.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height, scale };
}

/** The point (clientX, clientY) normalised to the picture ({ x, y } in 0..1), or null when it is outside it. */
export function normalisedPoint(clientX, clientY, picture) {
  if (!picture) return null;
  const x = (clientX - picture.left) / picture.width;
  const y = (clientY - picture.top) / picture.height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  return { x, y };
}
