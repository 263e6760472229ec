import Wave3API
print("wave3")
