"""The seed's hot-swap pattern as the seed wrote it, served by gunicorn: the bench's Python baseline.

Module globals hold the loaded model and its version. Every request reads the store's model_list.json and, when
the desired version differs from the loaded one, loads that version's pickle inline, in the request, before it
predicts. The seed checked every N minutes; here N is 0, so a flip is seen by the next request, as the host's
polling sees it within its interval. As in the seed, nothing is caught: a request whose read or load fails
answers Flask's 500.

MODEL_STORE is the local-directory store the host reads (ModelStore:Uri): model_list.json at its root, each
version's folder (its "path") holding model.pkl beside model.onnx.
"""
import json
import os
import pickle

from flask import Flask, jsonify, request

MODEL_LIST = os.path.join(os.environ["MODEL_STORE"], "model_list.json")

app = Flask(__name__)

# The seed's globals: one worker process, one loaded model, replaced in place by whichever request notices a change.
model, model_name, model_version = None, None, None


def refresh_model(name):
    global model, model_name, model_version
    with open(MODEL_LIST) as f:
        entry = json.load(f)[name]
    if (name, entry["version"]) != (model_name, model_version):
        with open(os.path.join(entry["path"], "model.pkl"), "rb") as f:
            model = pickle.load(f)
        model_name, model_version = name, entry["version"]


@app.post("/predict")
def predict():
    body = request.get_json()
    refresh_model(body["model"])
    prediction = model.predict(body["data"])
    response = jsonify({"prediction": prediction.tolist(), "model_version": model_version})
    response.headers["X-Model-Version"] = model_version
    return response
