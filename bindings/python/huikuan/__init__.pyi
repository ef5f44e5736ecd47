from huikuan import data as data, evaluate as evaluate, frames as frames
from huikuan._core import *
from huikuan.frames import *

__version__: str
