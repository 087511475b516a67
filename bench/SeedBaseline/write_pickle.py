"""Writes model.pkl into a published version's folder: a linear model as scikit-learn saves it.

Usage: /usr/bin/python3 write_pickle.py VERSION_FOLDER INTERCEPT COEFFICIENT...

The bench passes the weights and bias of the ONNX model it published into that folder, so the seed baseline and the
host serve one function from one store. The coefficients are set rather than fitted, so both answer exactly alike
instead of to within a least-squares solver's rounding.
"""
import os
import pickle
import sys

import numpy
from sklearn.linear_model import LinearRegression


def linear(intercept, coefficients):
    model = LinearRegression()
    model.coef_ = numpy.array(coefficients)
    model.intercept_ = intercept
    model.n_features_in_ = len(coefficients)
    return model


if __name__ == "__main__":
    folder, intercept, coefficients = sys.argv[1], float(sys.argv[2]), [float(c) for c in sys.argv[3:]]
    with open(os.path.join(folder, "model.pkl"), "wb") as f:
        pickle.dump(linear(intercept, coefficients), f)
