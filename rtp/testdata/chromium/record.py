#!/usr/bin/env python3
# Records the captures in this directory (run as root; needs chromium).
# Two RTCPeerConnections in one headless page send a canvas track and an
# oscillator with SRTP disabled (--disable-webrtc-encryption: RTP/AVPF), and
# an AF_PACKET socket captures the UDP datagrams. Usage: record.py
# (from this directory). Tests pin some values of the captures (such as
# the first VP8 PictureID): update them after recording anew.
import multiprocessing, os, socket, struct, subprocess, time

CODECS = {'VP8': (96, 97), 'VP9': (98, 99), 'H264': (102, 103), 'AV1': (45, 46)}

def sniff(seconds, q):
    out = []
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(3))
    s.settimeout(0.5)
    end = time.time() + seconds
    while time.time() < end:
        try:
            pkt, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] == socket.PACKET_OUTGOING or struct.unpack('!H', pkt[12:14])[0] != 0x0800:
            continue
        ihl = (pkt[14] & 0xf) * 4
        if pkt[23] == 17:
            out.append(pkt[14 + ihl + 8:])
    q.put(out)

def record(codec):
    q = multiprocessing.Queue()
    t = multiprocessing.Process(target=sniff, args=(20, q))
    t.start()
    time.sleep(0.5)
    subprocess.run(['timeout', '20', 'chromium', '--headless=new', '--no-sandbox', '--disable-gpu',
                    '--disable-webrtc-encryption', '--autoplay-policy=no-user-gesture-required',
                    'file://%s/record.html#%s' % (os.getcwd(), codec)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pkts = q.get()
    t.join()
    return [b for b in pkts if len(b) >= 12 and b[0] >> 6 == 2 and not 64 <= (b[1] & 0x7f) <= 95]

def write(name, pkts, header):
    with open(name) as f:
        comments = [l for l in f.read().split('\n') if l.startswith('#')]
    with open(name, 'w') as f:
        f.write('\n'.join(comments) + '\n')
        for b in pkts:
            f.write(b.hex() + '\n')

if __name__ == '__main__':
    for codec, (vpt, rpt) in CODECS.items():
        pkts = record(codec)
        video = []
        for b in pkts:
            if b[1] & 0x7f == vpt:
                video.append(b)
                if len(video) >= 30 and b[1] & 0x80:
                    break
        print(codec, len(pkts), 'RTP packets,', len(video), 'kept')
        if len(video) < 30:
            # Headless canvas capture sometimes stalls on a loaded machine:
            # keep the previous capture rather than a short one.
            print(codec, 'capture too short, file left unchanged; run again')
            continue
        write('chromium-%s.hex' % codec.lower(), video, None)
        if codec == 'VP8':
            write('chromium-opus.hex', [b for b in pkts if b[1] & 0x7f == 111][:40], None)
            write('chromium-rtx.hex', [b for b in pkts if b[1] & 0x7f == rpt][:8], None)
