public enum PK {}
