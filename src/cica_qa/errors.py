"""Errors the user can act on: each message names the thing and the fix."""


class CicaError(Exception):
    """A problem the user can fix; shown as one line, never as a traceback."""


class ConfigError(CicaError):
    """A CICA_* setting has a value that cannot work."""


class IndexMissingError(CicaError):
    """There is no index to answer from yet."""


class QuestionError(CicaError):
    """The question cannot be asked as given (empty, too long)."""


class EvalFileError(CicaError):
    """The eval file is missing or malformed."""


class ModelLoadError(CicaError):
    """The offline embedding model could not be loaded."""


class StoreUnreachableError(CicaError):
    """The Chroma server (CICA_CHROMA_HOST) does not answer."""


class StoreDamagedError(CicaError):
    """The vector store's collection cannot be read or written (left broken by a kill)."""
