public enum LearningCore {}
