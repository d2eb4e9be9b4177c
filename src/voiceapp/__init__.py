"""voiceapp: what families and young people tell children's services, captured, themed and reported."""

__version__ = "0.1.0"
