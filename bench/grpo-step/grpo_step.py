"""One GRPO update of the same CNN policy in PyTorch, timed the same way as grpo-step.ts:
forward, sampling G=5 answers per episode, exact-match rewards on answer strings, the frozen
reference's forward for the k3 KL, backward, gradient clipping and Adam. 64 episodes of two
32x32 RGB images, four answers. Prints one JSON line.

Usage: python3 grpo_step.py THREADS ITERATIONS
"""
import copy
import json
import re
import sys
import time

import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 10
torch.set_num_threads(threads)
torch.manual_seed(0)
EPISODES, G, ANSWERS = 64, 5, ["0", "90", "180", "270"]
# Untimed steps first: the first steps of either side run slower (allocator and kernel caches).
WARMUP = 10


class Policy(nn.Module):
    """3x3 convs 16/32/32 (stride 1, 2, 2, ReLU), flatten, dense 64; head: concat of the two
    image embeddings -> 64 ReLU -> 4 logits. The same layers as the TensorFlow.js policy."""

    def __init__(self):
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(3, 16, 3, 1, 1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU(),
            nn.Conv2d(32, 32, 3, 2, 1), nn.ReLU(),
        )
        self.embed = nn.Linear(32 * 8 * 8, 64)
        self.hidden = nn.Linear(128, 64)
        self.out = nn.Linear(64, 4)

    def forward(self, pixels):  # [episodes*2, 3, 32, 32]
        e = torch.relu(self.embed(self.convs(pixels - 0.5).flatten(1)))
        e = e.reshape(-1, 128)
        return self.out(torch.relu(self.hidden(e)))


ANSWER_RE = re.compile(r"<answer>(.*?)</answer>", re.S)


def exact_match(text, truth):
    m = ANSWER_RE.search(text)
    return 1.0 if m and m.group(1).strip() == truth else 0.0


policy = Policy()
reference = copy.deepcopy(policy).requires_grad_(False)
optimizer = torch.optim.Adam(policy.parameters(), lr=1e-3)
pixels = torch.rand(EPISODES * 2, 3, 32, 32)
truths = [ANSWERS[i] for i in torch.randint(0, 4, (EPISODES,)).tolist()]


def step():
    started = time.perf_counter()
    cpu_started = time.process_time()
    with torch.no_grad():
        old = torch.log_softmax(policy(pixels), -1)
        actions = torch.multinomial(old.exp(), G, replacement=True)  # [E, G]
        old_lp = old.gather(1, actions)
        ref_lp = torch.log_softmax(reference(pixels), -1).gather(1, actions)
    rewards = torch.tensor([[exact_match(f"<answer>{ANSWERS[a]}</answer>", truths[i]) for a in row] for i, row in enumerate(actions.tolist())])
    adv = (rewards - rewards.mean(1, keepdim=True)) / (rewards.std(1, keepdim=True) + 1e-6)
    lp = torch.log_softmax(policy(pixels), -1).gather(1, actions)
    ratio = torch.exp(lp - old_lp)
    pg = torch.maximum(-adv * ratio, -adv * ratio.clamp(0.8, 1.2)).mean()
    d = ref_lp - lp
    kl = (torch.exp(d) - d - 1).clamp(-10, 10).mean()
    loss = pg + 0.01 * kl
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(policy.parameters(), 1.0)
    optimizer.step()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000


for _ in range(WARMUP):
    step()
runs = [step() for _ in range(iterations)]
times = [r[0] for r in runs]
cpu_times = [r[1] for r in runs]
median = lambda xs: sorted(xs)[len(xs) // 2]
print(json.dumps({"side": "pytorch", "version": torch.__version__, "threads": threads, "medianMs": median(times), "medianCpuMs": median(cpu_times), "imagesPerSecond": EPISODES * 2 / (median(times) / 1000), "times": times, "cpuTimes": cpu_times}))
