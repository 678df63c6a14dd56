#!/usr/bin/env node
// Screenshots of TensorBoard's Time Series and Graphs pages over the logs of examples/tensorboard.js, for docs/:
// runs the example, starts the real TensorBoard (the PyPI package) on loopback and drives headless Chromium (Debian's
// `chromium`) over the DevTools protocol (Node's WebSocket: run with --experimental-websocket on Node 20).
// `node --experimental-websocket scripts/tensorboard-screenshots.js [outdir]` (default docs/).
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'docs'));
const info = JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts', 'libtorch.js'), '--json'], { encoding: 'utf8' }));
const env = { ...process.env };
if (info.pythonPath) env.PYTHONPATH = [info.pythonPath, env.PYTHONPATH].filter(Boolean).join(path.delimiter);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Starts a process and resolves with the first match of `re` in its output. */
function start(cmd, args, re) {
  const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const found = new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = re.exec(out);
      if (m) resolve(m[0]);
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.once('exit', (code) => reject(new Error(`${cmd} exited (${code}): ${out}`)));
  });
  return [p, found];
}

(async () => {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-shots-'));
  console.log(execFileSync(process.execPath, [path.join(root, 'examples', 'tensorboard.js'), logdir], { encoding: 'utf8' }).trim());
  const [tb, tbUrl] = start(info.python || 'python3', ['-m', 'tensorboard.main', '--logdir', logdir, '--host', '127.0.0.1', '--port', '0'], /http:\/\/127\.0\.0\.1:\d+/);
  const [chrome, wsUrl] = start('chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--remote-debugging-port=0', `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-'))}`, 'about:blank'], /ws:\/\/\S+/);
  try {
    const base = await tbUrl;
    const ws = new WebSocket(await wsUrl);
    await new Promise((r) => ws.addEventListener('open', r, { once: true }));
    let nextId = 1;
    const pending = new Map();
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) reject(new Error(JSON.stringify(msg.error)));
        else resolve(msg.result);
      }
    });
    const send = (method, params = {}, sessionId) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params, sessionId }));
      });
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const page = (m, p) => send(m, p, sessionId);
    await page('Emulation.setDeviceMetricsOverride', { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false });
    const shot = async (file) => {
      const { data } = await page('Page.captureScreenshot', { format: 'png' });
      fs.writeFileSync(path.join(outDir, file), Buffer.from(data, 'base64'));
      console.log(`wrote ${path.relative(root, path.join(outDir, file))}`);
    };
    const click = async (x, y, clickCount) => {
      for (const type of ['mousePressed', 'mouseReleased']) await page('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount });
    };
    await page('Page.navigate', { url: `${base}/#timeseries` });
    await sleep(8000);
    await shot('tensorboard-scalars.png');
    await page('Page.navigate', { url: `${base}/#graphs&run=.` });
    await sleep(8000);
    // the graph shows the model as one namespace, `Net`, drawn at the same place for this example at 1400x900
    // (TensorBoard's graph is in shadow DOM that the page does not expose): a double click expands it
    const [x, y] = [440, 259];
    await page('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await click(x, y, 1);
    await click(x, y, 2);
    await sleep(3000);
    await shot('tensorboard-graph.png');
    ws.close();
  } finally {
    tb.kill('SIGKILL');
    chrome.kill('SIGKILL');
    fs.rmSync(logdir, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
