// Headless Chromium (Debian's, never a downloaded one) as a real WebRTC peer
// for the integration tests: WHIP publishes of its fake camera and
// microphone, WHEP plays, getStats(). Driven by newline-delimited JSON on
// stdin, one JSON answer per command on stdout (see tests/peers/browserpeer.py).
// The page comes from a real 127.0.0.1 origin: Chromium's local network
// access checks block fetches to loopback from anything else.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs'), http = require('http'), os = require('os'), path = require('path');
const readline = require('readline');

const PAGE = `<!doctype html><meta charset="utf-8"><title>Relaycast test peer</title><body><script>
const peers = {};
let next = 0;

async function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise(done => {
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
    setTimeout(done, 3000);
  });
}

async function post(pc, url, token) {
  const headers = {'Content-Type': 'application/sdp'};
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(url, {method: 'POST', body: pc.localDescription.sdp, headers});
  const body = await res.text();
  if (res.status !== 201) { pc.close(); return {status: res.status, body}; }
  await pc.setRemoteDescription({type: 'answer', sdp: body});
  const id = 'peer' + next++;
  peers[id] = {pc, location: new URL(res.headers.get('Location'), url).href, view: pc.view};
  return {status: 201, peer: id, location: peers[id].location, etag: res.headers.get('ETag')};
}

async function publish(url, token, video, audio, width, height, source) {
  const media = source === 'probe' ? probeSource(width, height).stream
    : await navigator.mediaDevices.getUserMedia({audio, video: video && {width, height}});
  const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  for (const track of media.getTracks())
    pc.addTransceiver(track, {direction: 'sendonly', streams: [media]});
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return post(pc, url, token);
}

async function play(url, token) {
  const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  pc.addTransceiver('video', {direction: 'recvonly'});
  pc.addTransceiver('audio', {direction: 'recvonly'});
  const view = document.createElement('video');
  view.muted = true; view.autoplay = true; view.playsInline = true;
  document.body.append(view);
  const received = new MediaStream();
  pc.ontrack = event => { received.addTrack(event.track); view.srcObject = received; view.play().catch(() => {}); };
  pc.view = view;
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return post(pc, url, token);
}

// Delay probe (bench/webrtc-delay.py). The source is a canvas redrawn on
// every animation frame (a canvas painted only when it changes yields almost
// no frames to capture), all black or all white but for a moving bar at the
// bottom, with a tone beside it; a flip of its colour is timed when it is
// drawn. A watched <video> is sampled on every frame it presents, and the
// frame on which its middle crosses to the other colour is timed. Publisher
// and viewers share this page, and with it performance.now().
let probe = null;

function probeSource(width, height) {
  if (probe) return probe;
  const canvas = document.createElement('canvas');
  canvas.width = width; canvas.height = height;
  document.body.append(canvas);
  const context = canvas.getContext('2d');
  probe = {white: false, wanted: false, flips: [], watched: {}, frames: 0};
  let x = 0;
  const draw = () => {
    if (probe.wanted !== probe.white) {
      probe.white = probe.wanted;
      probe.flips.push({t: performance.now(), white: probe.white});
    }
    context.fillStyle = probe.white ? '#fff' : '#000';
    context.fillRect(0, 0, width, height);
    context.fillStyle = '#808080';
    context.fillRect(x, height - height / 10, width / 10, height / 10);
    x = (x + 4) % width;
    probe.frames++;
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
  probe.stream = canvas.captureStream(30);
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  const destination = audio.createMediaStreamDestination();
  tone.connect(destination);
  tone.start();
  probe.stream.addTrack(destination.stream.getAudioTracks()[0]);
  return probe;
}

function watch(id) {
  const view = peers[id].view;
  const sample = document.createElement('canvas');
  sample.width = sample.height = 8;
  const context = sample.getContext('2d', {willReadFrequently: true});
  const log = probe.watched[id] = {frames: 0, crossings: []};
  let white = null;
  const onFrame = (now, frame) => {
    const w = view.videoWidth, h = view.videoHeight;
    context.drawImage(view, w / 4, h / 4, w / 2, h / 2, 0, 0, 8, 8);
    const pixels = context.getImageData(0, 0, 8, 8).data;
    let sum = 0;
    for (let i = 0; i < pixels.length; i += 4) sum += pixels[i] + pixels[i + 1] + pixels[i + 2];
    const luma = sum / (pixels.length / 4) / 3;
    log.frames++;
    // hysteresis: a frame half-way through a transition is neither
    const seen = luma > 170 ? true : luma < 85 ? false : white;
    if (white !== null && seen !== white)
      log.crossings.push({white: seen, presented: frame.presentationTime,
        expected: frame.expectedDisplayTime, received: frame.receiveTime ?? null, callback: now});
    white = seen;
    view.requestVideoFrameCallback(onFrame);
  };
  view.requestVideoFrameCallback(onFrame);
  return {};
}

// A sender and a receiver in this page, connected with no server between them.
async function loopback(width, height) {
  const source = probeSource(width, height).stream;
  const sender = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  const receiver = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  sender.onicecandidate = event => event.candidate && receiver.addIceCandidate(event.candidate);
  receiver.onicecandidate = event => event.candidate && sender.addIceCandidate(event.candidate);
  for (const track of source.getTracks()) sender.addTrack(track, source);
  const view = document.createElement('video');
  view.muted = true; view.autoplay = true; view.playsInline = true;
  document.body.append(view);
  receiver.ontrack = event => { view.srcObject = event.streams[0]; view.play().catch(() => {}); };
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription);
  const id = 'peer' + next++;
  peers[id] = {pc: receiver, sender, view};
  return {peer: id};
}

// Flips the probe count times, minGap to maxGap ms apart, then gives
// the viewers tail ms more; returns the flips and what each watched viewer saw.
async function flip(count, minGap, maxGap, tail) {
  const pause = ms => new Promise(done => setTimeout(done, ms));
  const start = probe.flips.length;
  const frames = probe.frames;
  const began = performance.now();
  for (const log of Object.values(probe.watched)) { log.crossings = []; log.frames = 0; }
  for (let i = 0; i < count; i++) {
    await pause(minGap + Math.random() * (maxGap - minGap));
    probe.wanted = !probe.wanted;
  }
  await pause(tail);
  const seconds = (performance.now() - began) / 1000;
  const watched = {};
  for (const [id, log] of Object.entries(probe.watched))
    watched[id] = {crossings: log.crossings, fps: log.frames / seconds};
  return {flips: probe.flips.slice(start), drawnFps: (probe.frames - frames) / seconds, watched};
}

async function offer(kind) {
  const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  if (kind === 'publish') {
    const media = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
    for (const track of media.getTracks()) pc.addTransceiver(track, {direction: 'sendonly'});
  } else {
    pc.addTransceiver('video', {direction: 'recvonly'});
    pc.addTransceiver('audio', {direction: 'recvonly'});
  }
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription.sdp;
  pc.close();
  return {sdp};
}

async function stats(id) {
  const {pc} = peers[id];
  const report = await pc.getStats();
  const codecs = {};
  report.forEach(s => { if (s.type === 'codec') codecs[s.id] = s.mimeType; });
  const outbound = [], inbound = [];
  report.forEach(s => {
    if (s.type === 'outbound-rtp')
      outbound.push({kind: s.kind, packetsSent: s.packetsSent, bytesSent: s.bytesSent,
        framesEncoded: s.framesEncoded, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
        framesPerSecond: s.framesPerSecond, codec: codecs[s.codecId]});
    if (s.type === 'inbound-rtp')
      inbound.push({kind: s.kind, packetsReceived: s.packetsReceived, bytesReceived: s.bytesReceived,
        framesDecoded: s.framesDecoded, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
        codec: codecs[s.codecId], jitterBufferDelay: s.jitterBufferDelay,
        jitterBufferTargetDelay: s.jitterBufferTargetDelay, jitterBufferMinimumDelay: s.jitterBufferMinimumDelay,
        jitterBufferEmittedCount: s.jitterBufferEmittedCount, totalDecodeTime: s.totalDecodeTime,
        framesDropped: s.framesDropped, packetsLost: s.packetsLost});
  });
  let transport = {};
  report.forEach(s => {
    if (s.type === 'transport')
      transport = {iceLocalUsernameFragment: s.iceLocalUsernameFragment, iceState: s.iceState,
        selectedCandidatePairChanges: s.selectedCandidatePairChanges};
  });
  // what a viewer's <video> shows: nothing (0x0) until a frame reaches it
  const shown = peers[id].view && {width: peers[id].view.videoWidth, height: peers[id].view.videoHeight};
  return {connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState, outbound, inbound,
    transport, shown};
}

// An ICE restart over WHIP/WHEP (RFC 9725 section 4.4): new credentials and
// candidates PATCHed with If-Match: *, the server's new ones taken from the
// answer fragment into the remote description.
function sdpLine(sdp, key) { return sdp.match(new RegExp('a=' + key + ':(.*)\\r\\n'))[1]; }
function candidateLines(sdp) { return (sdp.match(/^a=candidate:.*\\r\\n/mg) || []).join(''); }

async function restart(id, token) {
  const peer = peers[id], pc = peer.pc;
  const before = sdpLine(pc.remoteDescription.sdp, 'ice-ufrag');
  pc.restartIce();
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const offer = pc.localDescription.sdp;
  const fragment = 'a=ice-ufrag:' + sdpLine(offer, 'ice-ufrag') + '\\r\\na=ice-pwd:' + sdpLine(offer, 'ice-pwd') +
    '\\r\\n' + offer.match(/^m=.*\\r\\n/m)[0] + 'a=mid:' + sdpLine(offer, 'mid') + '\\r\\n' +
    candidateLines(offer) + 'a=end-of-candidates\\r\\n';
  const headers = {'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': '*'};
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(peer.location, {method: 'PATCH', headers, body: fragment});
  const body = await res.text();
  if (res.status !== 200) {
    await pc.setLocalDescription({type: 'rollback'});
    return {status: res.status, body};
  }
  const after = sdpLine(body, 'ice-ufrag');
  const answer = pc.remoteDescription.sdp
    .replace(/a=ice-ufrag:.*\\r\\n/g, 'a=ice-ufrag:' + after + '\\r\\n')
    .replace(/a=ice-pwd:.*\\r\\n/g, 'a=ice-pwd:' + sdpLine(body, 'ice-pwd') + '\\r\\n')
    .replace(/a=candidate:.*\\r\\n/g, '').replace(/a=end-of-candidates\\r\\n/g, '')
    .replace(/(a=mid:.*\\r\\n)/, m => m + candidateLines(body));
  await pc.setRemoteDescription({type: 'answer', sdp: answer});
  return {status: 200, etag: res.headers.get('ETag'), before, after, mine: sdpLine(offer, 'ice-ufrag')};
}

async function remove(id, token) {
  const {pc, location} = peers[id];
  const headers = token ? {Authorization: 'Bearer ' + token} : {};
  const res = await fetch(location, {method: 'DELETE', headers});
  pc.close();
  delete peers[id];
  return {status: res.status};
}
</script>`;

const FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--no-sandbox',
  '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-default-apps', '--disable-domain-reliability', '--metrics-recording-only',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--force-webrtc-ip-handling-policy=default', '--autoplay-policy=no-user-gesture-required'];

function say(answer) { process.stdout.write(JSON.stringify(answer) + '\n'); }

(async () => {
  const server = http.createServer((req, res) => { res.writeHead(200, {'Content-Type': 'text/html'}); res.end(PAGE); });
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'relaycast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS });
  const quit = async code => {
    await context.close().catch(() => {});
    server.close();
    fs.rmSync(profile, {recursive: true, force: true});
    process.exit(code);
  };
  const page = context.pages()[0] || await context.newPage();
  page.on('console', message => process.stderr.write(`[page] ${message.text()}\n`));
  await page.goto(origin + '/');
  say({event: 'ready', origin});

  const calls = {
    publish: c => page.evaluate(a => publish(...a),
      [c.url, c.token || null, c.video !== false, c.audio !== false, c.width || 640, c.height || 360,
       c.source || 'camera']),
    play: c => page.evaluate(a => play(...a), [c.url, c.token || null]),
    offer: c => page.evaluate(kind => offer(kind), c.kind),
    stats: c => page.evaluate(id => stats(id), c.peer),
    delete: c => page.evaluate(a => remove(...a), [c.peer, c.token || null]),
    restart: c => page.evaluate(a => restart(...a), [c.peer, c.token || null]),
    loopback: c => page.evaluate(a => loopback(...a), [c.width || 640, c.height || 360]),
    watch: c => page.evaluate(id => watch(id), c.peer),
    flip: c => page.evaluate(a => flip(...a), [c.count, c.minGap, c.maxGap, c.tail]),
  };
  for await (const line of readline.createInterface({input: process.stdin})) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.cmd === 'quit') break;
    try {
      if (!calls[command.cmd]) throw new Error('unknown command ' + command.cmd);
      say({id: command.id, ok: true, ...(await calls[command.cmd](command))});
    } catch (error) {
      say({id: command.id, ok: false, error: String(error && error.message || error)});
    }
  }
  await quit(0);
})().catch(error => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(2); });
