// Small SVG building blocks for the demo store's product illustrations: a soft backdrop, a floor
// shadow, sparkles and colour mixing. No text anywhere: text would need fonts, and fonts would make
// the pictures depend on the machine that draws them.

export const SIZE = 600;

function channel(hex: string, i: number): number {
  return parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
}

/** `t` of the way from colour `a` to colour `b` (both #rrggbb). */
export function mix(a: string, b: string, t: number): string {
  const out = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export const tint = (hex: string, t: number) => mix(hex, '#ffffff', t);
export const shade = (hex: string, t: number) => mix(hex, '#000000', t);

/** A whole picture: a square canvas with a soft vertical wash of the product's colour. */
export function picture(color: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">`,
    '<defs>',
    `<linearGradient id="wash" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${tint(color, 0.92)}"/><stop offset="1" stop-color="${tint(color, 0.78)}"/></linearGradient>`,
    '<radialGradient id="floor" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#000" stop-opacity="0.2"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>',
    '</defs>',
    `<rect width="${SIZE}" height="${SIZE}" fill="url(#wash)"/>`,
    body,
    '</svg>',
  ].join('');
}

/** The soft shadow an object casts on the floor. */
export function floorShadow(cx: number, cy: number, rx: number): string {
  return `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${Math.round(rx * 0.16)}" fill="url(#floor)"/>`;
}

/** A four-pointed sparkle. */
export function sparkle(cx: number, cy: number, r: number, fill: string): string {
  const k = r * 0.28;
  return `<path d="M${cx} ${cy - r} Q${cx + k} ${cy - k} ${cx + r} ${cy} Q${cx + k} ${cy + k} ${cx} ${cy + r} Q${cx - k} ${cy + k} ${cx - r} ${cy} Q${cx - k} ${cy - k} ${cx} ${cy - r}Z" fill="${fill}"/>`;
}

/** A five-pointed star centred on (cx, cy). */
export function star(cx: number, cy: number, r: number, fill: string): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy + radius * Math.sin(angle)).toFixed(1)}`;
  });
  return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
}

/** A few dots scattered from a fixed list (deterministic confetti). */
export function confetti(colors: string[], spots: [number, number, number][]): string {
  return spots.map(([x, y, r], i) => `<circle cx="${x}" cy="${y}" r="${r}" fill="${colors[i % colors.length]}"/>`).join('');
}

/** Wraps shapes in a transform. */
export const group = (transform: string, body: string) => `<g transform="${transform}">${body}</g>`;
