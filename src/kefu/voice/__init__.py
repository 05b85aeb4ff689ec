"""The hotline: the IVR menu as data (more of the voice channel arrives with the hotline issue)."""
