import LearningCore
print("learning-bench")
