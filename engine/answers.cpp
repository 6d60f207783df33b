// Being written by the engine work.
