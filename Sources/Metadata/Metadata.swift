public enum MetadataPlaceholder {}
