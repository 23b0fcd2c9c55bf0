/*
 * Renders client/public/favicon.svg into the PNG and ICO icons beside it (apple-touch-icon.png 180 px,
 * icon-192.png, favicon.ico with one 32 px PNG entry) with Debian's Chromium. Run after changing the
 * SVG: node scripts/make-icons.mjs. The outputs are committed; the build does not run this.
 */
import { chromium } from "playwright-core";
import { Buffer } from "node:buffer";
import fs from "node:fs";
const svg = fs.readFileSync("client/public/favicon.svg", "utf8");
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const out = {};
for (const size of [32, 180, 192]) {
  const p = await b.newPage({ viewport: { width: size, height: size } });
  await p.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  out[size] = await p.screenshot({ omitBackground: true });
}
await b.close();
fs.writeFileSync("client/public/apple-touch-icon.png", out[180]);
fs.writeFileSync("client/public/icon-192.png", out[192]);
// An ICO holding one 32×32 PNG (Windows Vista+ and every browser read PNG entries).
const png = out[32];
const head = Buffer.alloc(22);
head.writeUInt16LE(0, 0); head.writeUInt16LE(1, 2); head.writeUInt16LE(1, 4);
head.writeUInt8(32, 6); head.writeUInt8(32, 7); head.writeUInt8(0, 8); head.writeUInt8(0, 9);
head.writeUInt16LE(1, 10); head.writeUInt16LE(32, 12); head.writeUInt32LE(png.length, 14); head.writeUInt32LE(22, 18);
fs.writeFileSync("client/public/favicon.ico", Buffer.concat([head, png]));
