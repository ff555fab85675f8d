import OneDoorCore
enum Placeholder {}
