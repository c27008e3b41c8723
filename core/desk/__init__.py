"""The desk: where articles, claims and their history are kept (see :mod:`core.desk.api`)."""
