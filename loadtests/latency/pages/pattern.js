// The time pattern of the latency benchmark: a wall-clock time (0.1 ms units, 48 bits) and
// a frame counter (16 bits), guarded by a 32-bit FNV-1a checksum, drawn as a 16 x 8 grid
// of black / white cells over the whole frame (40 x 45 px each at 640 x 360). The first
// and last rows are a fixed checkerboard (alignment / scale check); the 96 cells between
// carry the 96 bits, most significant first. Such blocks survive H.264 at any sane bitrate.
//
// Works in the browser (publisher and viewer pages) and in node (self-test: `node
// pattern.js`... see latency.mjs --self-test).

export const COLS = 16;
export const ROWS = 8;
const DATA_CELLS = COLS * (ROWS - 2); // 96
const UNITS_PER_MS = 10; // 0.1 ms resolution; 2^48 units ≈ 890 years from 1970

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The 8 payload bytes of `timeMs` (wall clock, ms) and `seq` (0..65535). */
function payload(units, seq) {
  const bytes = new Array(8);
  let u = units;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = u % 256;
    u = Math.floor(u / 256);
  }
  bytes[6] = (seq >> 8) & 255;
  bytes[7] = seq & 255;
  return bytes;
}

function fixedCell(row, col) {
  return (row + col) % 2 === 0; // true = white
}

/** The cell values (true = white), row-major, COLS * ROWS of them. */
export function encodeCells(timeMs, seq) {
  const units = Math.round(timeMs * UNITS_PER_MS);
  const bytes = payload(units, seq & 0xffff);
  const sum = fnv1a(bytes);
  bytes.push((sum >>> 24) & 255, (sum >>> 16) & 255, (sum >>> 8) & 255, sum & 255);
  const bits = [];
  for (const b of bytes) for (let i = 7; i >= 0; i -= 1) bits.push(((b >> i) & 1) === 1);
  const cells = [];
  for (let r = 0; r < ROWS; r += 1) {
    for (let c = 0; c < COLS; c += 1) {
      cells.push(r === 0 || r === ROWS - 1 ? fixedCell(r, c) : bits[(r - 1) * COLS + c]);
    }
  }
  return cells;
}

/** Draws the pattern of (timeMs, seq) over the whole of a 2D context of w x h. */
export function drawPattern(ctx, w, h, timeMs, seq) {
  const cells = encodeCells(timeMs, seq);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  for (let r = 0; r < ROWS; r += 1) {
    const y0 = Math.round((r * h) / ROWS);
    const y1 = Math.round(((r + 1) * h) / ROWS);
    for (let c = 0; c < COLS; c += 1) {
      if (!cells[r * COLS + c]) continue;
      const x0 = Math.round((c * w) / COLS);
      const x1 = Math.round(((c + 1) * w) / COLS);
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    }
  }
}

/**
 * Decodes RGBA pixels (`data`, w x h, the whole frame) into {timeMs, seq, margin} or null
 * (a fixed cell or the checksum wrong). Each cell is read as the mean luma of its middle
 * half; `margin` is the smallest distance of a cell's mean from the threshold (0..128).
 */
export function decodePixels(data, w, h) {
  const cells = [];
  let margin = 255;
  for (let r = 0; r < ROWS; r += 1) {
    const y0 = Math.floor(((r + 0.25) * h) / ROWS);
    const y1 = Math.ceil(((r + 0.75) * h) / ROWS);
    for (let c = 0; c < COLS; c += 1) {
      const x0 = Math.floor(((c + 0.25) * w) / COLS);
      const x1 = Math.ceil(((c + 0.75) * w) / COLS);
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1; y += 1) {
        let i = (y * w + x0) * 4;
        for (let x = x0; x < x1; x += 1, i += 4) {
          sum += data[i] + 2 * data[i + 1] + data[i + 2];
          n += 4;
        }
      }
      const mean = n ? sum / n : 0;
      margin = Math.min(margin, Math.abs(mean - 128));
      cells.push(mean >= 128);
    }
  }
  for (let c = 0; c < COLS; c += 1) {
    if (cells[c] !== fixedCell(0, c) || cells[(ROWS - 1) * COLS + c] !== fixedCell(ROWS - 1, c)) return null;
  }
  const bits = cells.slice(COLS, COLS + DATA_CELLS);
  const bytes = [];
  for (let i = 0; i < bits.length; i += 8) {
    let b = 0;
    for (let j = 0; j < 8; j += 1) b = (b << 1) | (bits[i + j] ? 1 : 0);
    bytes.push(b);
  }
  const want = ((bytes[8] << 24) | (bytes[9] << 16) | (bytes[10] << 8) | bytes[11]) >>> 0;
  if (fnv1a(bytes.slice(0, 8)) !== want) return null;
  let units = 0;
  for (let i = 0; i < 6; i += 1) units = units * 256 + bytes[i];
  return { timeMs: units / UNITS_PER_MS, seq: (bytes[6] << 8) | bytes[7], margin };
}

/** Node self-test: encode, render to RGBA with noise and a scale, decode. Throws on error. */
export function selfTest() {
  const rnd = (() => {
    let s = 12345;
    return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  })();
  for (const [w, h] of [[640, 360], [320, 180], [1280, 720]]) {
    for (let k = 0; k < 50; k += 1) {
      const t = 1.7e12 + rnd() * 1e11;
      const seq = Math.floor(rnd() * 65536);
      const cells = encodeCells(t, seq);
      const data = new Uint8ClampedArray(w * h * 4);
      for (let y = 0; y < h; y += 1) {
        const r = Math.min(ROWS - 1, Math.floor((y * ROWS) / h));
        for (let x = 0; x < w; x += 1) {
          const c = Math.min(COLS - 1, Math.floor((x * COLS) / w));
          const v = (cells[r * COLS + c] ? 220 : 30) + (rnd() - 0.5) * 80;
          const i = (y * w + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = v;
          data[i + 3] = 255;
        }
      }
      const d = decodePixels(data, w, h);
      if (!d || Math.abs(d.timeMs - t) > 0.051 || d.seq !== seq) {
        throw new Error(`pattern self-test failed at ${w}x${h}: ${t} ${seq} → ${JSON.stringify(d)}`);
      }
      // One flipped data cell must be caught by the checksum.
      const bad = new Uint8ClampedArray(data);
      const r = 1 + (k % (ROWS - 2));
      const c = k % COLS;
      const cx = Math.floor(((c + 0.5) * w) / COLS);
      const cy = Math.floor(((r + 0.5) * h) / ROWS);
      for (let y = cy - Math.floor(h / ROWS / 2) + 1; y < cy + Math.floor(h / ROWS / 2) - 1; y += 1) {
        for (let x = cx - Math.floor(w / COLS / 2) + 1; x < cx + Math.floor(w / COLS / 2) - 1; x += 1) {
          const i = (y * w + x) * 4;
          bad[i] = bad[i + 1] = bad[i + 2] = cells[r * COLS + c] ? 30 : 220;
        }
      }
      if (decodePixels(bad, w, h)) throw new Error('pattern self-test: a flipped cell was not detected');
    }
  }
  return true;
}
