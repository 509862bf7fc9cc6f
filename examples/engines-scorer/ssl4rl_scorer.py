"""Score verl and EasyR1 rollouts with SSL4RL-TS rewards, through `ssl4rl serve-reward`.

The task rewards have one implementation, the TypeScript one behind the reward server; this
file only forwards. It uses the Python standard library alone, so it drops into any training
environment.

Configuration (environment variables):
  SSL4RL_REWARD_URL      base URL of the server (default http://127.0.0.1:8000)
  SSL4RL_REWARD_TOKEN    bearer token, when the server was started with --token
  SSL4RL_REWARD_TIMEOUT  seconds per HTTP request (default 60)
  SSL4RL_REWARD_RETRIES  extra tries after a connection error or a 5xx (default 3)

verl:   custom_reward_function.path=examples/engines-scorer/ssl4rl_scorer.py
        custom_reward_function.name=compute_score
        (works with the naive reward manager, one call per response, and with the batch
        manager, which passes the plural keyword arguments)
EasyR1: worker.reward.reward_function=examples/engines-scorer/ssl4rl_scorer.py:easyr1_compute_score
        (reward_type batch: a list of {"response", "ground_truth"}; sequential: two strings).
        EasyR1 exports from `ssl4rl export --format easyr1` carry the label TASK_ID:ANSWER in
        their answer column, which is what EasyR1 hands over as ground_truth.
"""

import json
import os
import time
import urllib.error
import urllib.request

__all__ = ["compute_score", "easyr1_compute_score", "RewardServerError"]


class RewardServerError(RuntimeError):
    """The reward server refused a request (4xx) or could not be reached after the retries."""


def _settings():
    return {
        "url": os.environ.get("SSL4RL_REWARD_URL", "http://127.0.0.1:8000").rstrip("/"),
        "token": os.environ.get("SSL4RL_REWARD_TOKEN"),
        "timeout": float(os.environ.get("SSL4RL_REWARD_TIMEOUT", "60")),
        "retries": int(os.environ.get("SSL4RL_REWARD_RETRIES", "3")),
    }


def _post(path, payload):
    settings = _settings()
    body = json.dumps(payload).encode("utf-8")
    headers = {"content-type": "application/json"}
    if settings["token"]:
        headers["authorization"] = "Bearer " + settings["token"]
    last_error = None
    for attempt in range(settings["retries"] + 1):
        if attempt > 0:
            # Exponential backoff: a restarting server gets a moment, a training step waits little.
            time.sleep(min(8.0, 0.25 * (2 ** (attempt - 1))))
        request = urllib.request.Request(settings["url"] + path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=settings["timeout"]) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                message = json.loads(text).get("message", text)
            except ValueError:
                message = text
            if error.code < 500:
                # A malformed request stays malformed: retrying would only hide the bug.
                raise RewardServerError("reward server answered %d for %s: %s" % (error.code, path, message)) from None
            last_error = "HTTP %d: %s" % (error.code, message)
        except (urllib.error.URLError, OSError, ValueError) as error:
            last_error = str(error)
    raise RewardServerError("reward server at %s unreachable after %d tries: %s" % (settings["url"], settings["retries"] + 1, last_error))


def _verl_result(result):
    # verl gathers every key across the batch, so each result has the same keys.
    components = result.get("components", {})
    return {
        "score": float(result["score"]),
        "accuracy": float(components.get("accuracy", result["score"])),
        "valid": 1.0 if result.get("valid") else 0.0,
    }


def compute_score(data_source=None, solution_str=None, ground_truth=None, extra_info=None,
                  data_sources=None, solution_strs=None, ground_truths=None, extra_infos=None, **kwargs):
    """verl's custom reward function.

    One response: `data_source` is the task id (what `ssl4rl export --format verl` writes),
    `ground_truth` the answer. Returns {"score", "accuracy", "valid"}. With the plural
    arguments (verl's batch reward manager) returns a list of such dicts.
    """
    if solution_strs is not None:
        items = [
            {"task": str(source), "truth": str(truth), "response": str(text)}
            for source, text, truth in zip(data_sources, solution_strs, ground_truths)
        ]
        return [_verl_result(r) for r in _post("/score", {"items": items})["results"]] if items else []
    item = {"task": str(data_source), "truth": str(ground_truth), "response": str(solution_str)}
    return _verl_result(_post("/score", {"items": [item]})["results"][0])


def _easyr1_results(responses, labels):
    if not responses:
        return []
    answer = _post("/get_reward", {"query": list(responses), "prompts": [""] * len(responses), "labels": list(labels)})
    logs = answer.get("extra_logs", {})
    results = []
    for i, reward in enumerate(answer["rewards"]):
        entry = {"overall": float(reward)}
        for name, values in logs.items():
            entry[name] = float(values[i])
        results.append(entry)
    return results


def easyr1_compute_score(reward_inputs, ground_truth=None, *args, **kwargs):
    """EasyR1's reward function.

    Batch form: a list of {"response", "ground_truth"} dicts, returns a list of
    {"overall", "accuracy", "valid", ...}. Sequential form: (response, ground_truth) strings,
    returns one dict. `ground_truth` is a label `TASK_ID:ANSWER` or `{"task", "answer"}` JSON.
    Extra keyword arguments (EasyR1's format_weight, say) are ignored: the task's reward
    decides the score, as in training with ssl4rl itself.
    """
    if isinstance(reward_inputs, str):
        return _easyr1_results([reward_inputs], [ground_truth])[0]
    inputs = list(reward_inputs)
    return _easyr1_results([x["response"] for x in inputs], [x["ground_truth"] for x in inputs])
