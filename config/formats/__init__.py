"""The project's own number formats, where Django's differ from how readers write (FORMAT_MODULE_PATH)."""
