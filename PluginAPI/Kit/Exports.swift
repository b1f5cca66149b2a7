// Plugins import PluginKit alone: JSON, Crypto and FormURLEncoding come with it.
@_exported import SwitchboardCommon
