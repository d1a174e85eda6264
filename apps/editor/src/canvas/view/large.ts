/**
 * Past this many steps a journey is large: only what is on screen is rendered, far out it is drawn
 * cheaply (blank boxes, one path for all lines), Fit view shows all of it, and lines are plain
 * steps instead of routed around cards.
 */
export const LARGE_JOURNEY = 300;
