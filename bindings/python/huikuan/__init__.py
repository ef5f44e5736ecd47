"""huikuan: the receivables core for analysts."""
from huikuan._core import *  # noqa: F401,F403
