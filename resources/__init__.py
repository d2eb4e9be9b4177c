"""Icons and report assets, shipped inside the wheel as voiceapp.resources."""
