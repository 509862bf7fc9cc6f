"""PIL side of the vision-episodes benchmark: the same episode operations as
@ssl4rl/vision-tasks, written the way the released Python builders work (PIL images,
Image.rotate / crop / resize, ImageEnhance, ImageFilter), on one core.

Prints one JSON object: {"<task>": {"text": eps, "tensor": eps}, ...}, in episodes per
second of process CPU time, measured as on the Node side: warm-up for WARM_SECONDS of CPU
time, then whole batches of EPISODES episodes until at least MIN_SECONDS have passed.
Usage: python3 pil_episodes.py KODAK_DIR EPISODES [MIN_SECONDS [WARM_SECONDS]]
"""
import io
import json
import os
import random
import sys
import time

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

SIDE = 224
TENSOR = 32
MAX_SIDE = 512


def load(folder):
    images = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".png"):
            continue
        img = Image.open(os.path.join(folder, name)).convert("RGB")
        w, h = img.size
        s = min(w, h)
        img = img.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s)).resize((SIDE, SIDE), Image.LANCZOS)
        img.load()
        images.append(img)
    return images


def encode(img):
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def tensor(img):
    small = img if img.size == (TENSOR, TENSOR) else img.resize((TENSOR, TENSOR), Image.BILINEAR)
    return np.asarray(small, dtype=np.float32) / 255.0


def output(views, mode):
    return [encode(v) for v in views] if mode == "text" else [tensor(v) for v in views]


def rotation(rng, imgs, mode):
    img = imgs[0]
    angle = rng.randrange(4) * 90
    return output([img, img.rotate(angle, expand=True)], mode), str(angle)


def jigsaw(rng, imgs, mode):
    img = imgs[0]
    n = 2
    t = img.size[0] // n
    tiles = [img.crop((c * t, r * t, (c + 1) * t, (r + 1) * t)) for r in range(n) for c in range(n)]
    shown = list(range(n * n))
    rng.shuffle(shown)
    answer = [0] * (n * n)
    for j, slot in enumerate(shown):
        answer[slot] = j + 1
    return output([tiles[s] for s in shown], mode), ",".join(map(str, answer))


def random_resized_crop(rng, w, h, scale):
    import math
    area = w * h
    for _ in range(10):
        target = area * rng.uniform(*scale)
        ratio = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
        cw = int(round(math.sqrt(target * ratio)))
        ch = int(round(math.sqrt(target / ratio)))
        if 0 < cw <= w and 0 < ch <= h:
            x = rng.randint(0, w - cw)
            y = rng.randint(0, h - ch)
            return x, y, cw, ch
    return 0, 0, w, h


def adjust_hue(img, shift):
    hsv = np.array(img.convert("HSV"))
    hsv[..., 0] = (hsv[..., 0].astype(np.int16) + int(shift * 255)) % 256
    return Image.fromarray(hsv, "HSV").convert("RGB")


def augment(rng, img, out):
    x, y, cw, ch = random_resized_crop(rng, img.size[0], img.size[1], (0.08, 1.0))
    view = img.crop((x, y, x + cw, y + ch)).resize((out, out), Image.BILINEAR)
    if rng.random() < 0.5:
        view = view.transpose(Image.FLIP_LEFT_RIGHT)
    if rng.random() < 0.8:
        view = ImageEnhance.Brightness(view).enhance(rng.uniform(0.2, 1.8))
        view = ImageEnhance.Contrast(view).enhance(rng.uniform(0.2, 1.8))
        view = ImageEnhance.Color(view).enhance(rng.uniform(0.2, 1.8))
        view = adjust_hue(view, rng.uniform(-0.2, 0.2))
    if rng.random() < 0.2:
        view = view.convert("L").convert("RGB")
    if rng.random() < 0.5:
        view = view.filter(ImageFilter.GaussianBlur(rng.uniform(0.1, 2.0) * out / SIDE))
    return view


def contrastive(rng, imgs, mode):
    positive = rng.random() < 0.5
    out = SIDE if mode == "text" else TENSOR
    a = augment(rng, imgs[0], out)
    b = augment(rng, imgs[0] if positive else imgs[1], out)
    return output([a, b], mode), "positive" if positive else "negative"


def position(rng, imgs, mode):
    img = imgs[0]
    w, h = img.size
    q = rng.randrange(4)
    qw, qh = w // 2, h // 2
    cw = max(1, round(qw * rng.uniform(0.2, 0.8)))
    ch = max(1, round(qh * rng.uniform(0.2, 0.8)))
    x = (q % 2) * qw + rng.randint(0, qw - cw)
    y = (q // 2) * qh + rng.randint(0, qh - ch)
    crop = img.crop((x, y, x + cw, y + ch))
    return output([img, crop], mode), ["top-left", "top-right", "bottom-left", "bottom-right"][q]


def masked_patch(rng, imgs, mode):
    img = imgs[0]
    g, k = 3, 4
    c = img.size[0] // g

    def cell(i):
        return img.crop(((i % g) * c, (i // g) * c, (i % g + 1) * c, (i // g + 1) * c))

    m = rng.randrange(g * g)
    holed = img.copy()
    ImageDraw.Draw(holed).rectangle(((m % g) * c, (m // g) * c, (m % g) * c + c - 1, (m // g) * c + c - 1), fill=(128, 128, 128))
    others = rng.sample([i for i in range(g * g) if i != m], k - 1)
    at = rng.randrange(k)
    order = others[:at] + [m] + others[at:]
    # Only the candidates' cells are cropped, as @ssl4rl/vision-tasks does.
    return output([holed] + [cell(i) for i in order], mode), "ABCD"[at]


TASKS = {
    "vision/rotation": (rotation, 1),
    "vision/jigsaw": (jigsaw, 1),
    "vision/contrastive": (contrastive, 2),
    "vision/position": (position, 1),
    "vision/masked-patch": (masked_patch, 2),
}


def main():
    folder, episodes = sys.argv[1], int(sys.argv[2])
    min_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    warm_seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    images = load(folder)
    result = {}
    for task, (make, per) in TASKS.items():
        result[task] = {}
        for mode in ("text", "tensor"):
            rng = random.Random(1)

            def batch(count):
                for i in range(count):
                    make(rng, [images[(i * per + j) % len(images)] for j in range(per)], mode)

            # Process CPU time, as on the Node side, so other jobs' load stretches neither.
            warm = time.process_time()
            batch(20)
            while time.process_time() - warm < warm_seconds:
                batch(20)
            start = time.process_time()
            n = 0
            while True:
                batch(episodes)
                n += episodes
                seconds = time.process_time() - start
                if seconds >= min_seconds:
                    break
            result[task][mode] = n / seconds
    print(json.dumps(result))


if __name__ == "__main__":
    main()
