extension DemoContentLiterals {
    /// Mathematics: 12 lessons over six skills, from arithmetic to derivatives and Bayes' theorem.
    static let mathematicsLessons: [DemoLesson] = [
        DemoLesson(
            id: "math-arithmetic-basics",
            subject: "math",
            title: "Arithmetic Basics: The Four Operations",
            skills: ["math.arithmetic"],
            prerequisites: [],
            estimatedMinutes: 10,
            content: #"""
            # Arithmetic Basics

            Arithmetic is the part of mathematics that works with numbers. Everything else in this course is built on four operations.

            ## The four operations

            - **Addition** (+) puts amounts together: 4 + 3 = 7.
            - **Subtraction** (−) takes an amount away: 7 − 3 = 4.
            - **Multiplication** (×) is repeated addition: 4 × 3 = 4 + 4 + 4 = 12.
            - **Division** (÷) splits into equal groups: 12 ÷ 3 = 4.

            Subtraction undoes addition, and division undoes multiplication. We call them *inverse* operations.

            ## Place value

            In the number 47, the 4 means four tens and the 7 means seven ones. When a column adds up to ten or more, we carry a ten to the next column.

            ## Worked example

            Add 47 + 38.

            1. Ones: 7 + 8 = 15. Write 5, carry 1 ten.
            2. Tens: 4 + 3 + 1 = 8.
            3. The answer is **85**.

            Check it with the inverse operation: 85 − 38 = 47. ✔
            """#,
            quiz: [
                DemoQuizItem(id: "math-arithmetic-basics-q1", skill: "math.arithmetic", prompt: "What is 47 + 38?", choices: ["75", "85", "95", "715"], answerIndex: 1),
                DemoQuizItem(id: "math-arithmetic-basics-q2", skill: "math.arithmetic", prompt: "What is 9 × 7?", choices: ["56", "72", "63", "81"], answerIndex: 2),
                DemoQuizItem(id: "math-arithmetic-basics-q3", skill: "math.arithmetic", prompt: "What is 56 ÷ 8?", choices: ["7", "6", "8", "9"], answerIndex: 0),
                DemoQuizItem(id: "math-arithmetic-basics-q4", skill: "math.arithmetic", prompt: "Which operation undoes multiplication?", choices: ["Addition", "Subtraction", "Exponentiation", "Division"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "math-order-of-operations",
            subject: "math",
            title: "Order of Operations",
            skills: ["math.arithmetic"],
            prerequisites: ["math-arithmetic-basics"],
            estimatedMinutes: 12,
            content: #"""
            # Order of Operations

            What is 3 + 4 × 2? If you work left to right you get 14, but the agreed answer is **11**. Mathematicians use a fixed order so that every expression has exactly one value.

            ## The rule

            1. **Parentheses** (brackets) first.
            2. **Exponents** (powers), such as $3^2 = 9$.
            3. **Multiplication and division**, from left to right.
            4. **Addition and subtraction**, from left to right.

            Many people remember this as PEMDAS or BODMAS. Note that multiplication does *not* always beat division: they have the same rank, so you simply go left to right. The same is true for addition and subtraction.

            ## Worked examples

            - $3 + 4 \times 2 = 3 + 8 = 11$
            - $(3 + 4) \times 2 = 7 \times 2 = 14$
            - $2 + 3^2 = 2 + 9 = 11$
            - $20 - 6 \div 3 \times 2 = 20 - 2 \times 2 = 20 - 4 = 16$

            When in doubt, add parentheses. They never hurt and they make your meaning clear.
            """#,
            quiz: [
                DemoQuizItem(id: "math-order-of-operations-q1", skill: "math.arithmetic", prompt: "What is 3 + 4 × 2?", choices: ["14", "11", "10", "24"], answerIndex: 1),
                DemoQuizItem(id: "math-order-of-operations-q2", skill: "math.arithmetic", prompt: "What is 20 − 6 ÷ 3 × 2?", choices: ["16", "19", "18", "28"], answerIndex: 0),
                DemoQuizItem(id: "math-order-of-operations-q3", skill: "math.arithmetic", prompt: "What is 2 + 3²?", choices: ["25", "10", "11", "13"], answerIndex: 2),
                DemoQuizItem(id: "math-order-of-operations-q4", skill: "math.arithmetic", prompt: "What is 18 ÷ (2 + 1) × 2?", choices: ["3", "9", "36", "12"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "math-fractions-basics",
            subject: "math",
            title: "Fractions: Parts of a Whole",
            skills: ["math.fractions"],
            prerequisites: ["math-arithmetic-basics"],
            estimatedMinutes: 12,
            content: #"""
            # Fractions: Parts of a Whole

            A fraction describes part of a whole. In $\frac{3}{8}$ the bottom number, the **denominator**, says the whole is cut into 8 equal parts. The top number, the **numerator**, says we have 3 of them.

            ![Diagram of a pizza cut into eight equal slices with three slices shaded](/images/math/fraction-pizza.png)

            ## Equivalent fractions

            Multiplying or dividing the top and bottom by the same number does not change the value: $\frac{1}{2} = \frac{2}{4} = \frac{4}{8}$.

            ## Simplest form

            To simplify, divide top and bottom by their greatest common factor.

            **Example:** simplify $\frac{12}{18}$. The largest number dividing both 12 and 18 is 6, so $\frac{12}{18} = \frac{12 \div 6}{18 \div 6} = \frac{2}{3}$.

            ## Comparing fractions

            With the same denominator, the bigger numerator wins: $\frac{5}{8} > \frac{3}{8}$. Otherwise, rewrite both with a common denominator, or turn them into decimals: $\frac{2}{5} = 0.4$ is larger than $\frac{3}{8} = 0.375$.
            """#,
            quiz: [
                DemoQuizItem(id: "math-fractions-basics-q1", skill: "math.fractions", prompt: "What is 12/18 in simplest form?", choices: ["3/4", "2/3", "6/9", "4/6"], answerIndex: 1),
                DemoQuizItem(id: "math-fractions-basics-q2", skill: "math.fractions", prompt: "Which fraction is equivalent to 3/4?", choices: ["6/8", "4/5", "3/8", "9/16"], answerIndex: 0),
                DemoQuizItem(id: "math-fractions-basics-q3", skill: "math.fractions", prompt: "Which fraction is the largest?", choices: ["1/3", "3/8", "2/5", "3/10"], answerIndex: 2),
                DemoQuizItem(id: "math-fractions-basics-q4", skill: "math.fractions", prompt: "In the fraction 5/7, what is the denominator?", choices: ["5", "12", "35", "7"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "math-fractions-operations",
            subject: "math",
            title: "Adding, Multiplying and Dividing Fractions",
            skills: ["math.fractions", "math.arithmetic"],
            prerequisites: ["math-fractions-basics", "math-order-of-operations"],
            estimatedMinutes: 18,
            content: #"""
            # Adding, Multiplying and Dividing Fractions

            Each operation on fractions has its own short recipe. Learn the recipe, then check your answer makes sense.

            ## Adding and subtracting

            You can only add parts of the same size, so first find a **common denominator** (the least common multiple of the denominators works best).

            $$\frac{a}{b} + \frac{c}{d} = \frac{ad + bc}{bd}$$

            **Example:** $\frac{1}{4} + \frac{2}{3} = \frac{3}{12} + \frac{8}{12} = \frac{11}{12}$.

            A common mistake is adding tops and bottoms: $\frac{1}{4} + \frac{2}{3} \neq \frac{3}{7}$. Since $\frac{3}{7}$ is less than $\frac{2}{3}$ on its own, it cannot be right.

            ## Multiplying

            Multiply straight across: $\frac{a}{b} \times \frac{c}{d} = \frac{ac}{bd}$. Simplify at the end, or cancel first.

            **Example:** $\frac{2}{3} \times \frac{3}{5} = \frac{6}{15} = \frac{2}{5}$.

            "Of" means multiply: $\frac{3}{4}$ of 20 is $\frac{3}{4} \times 20 = 15$.

            ## Dividing

            Dividing by a fraction is the same as multiplying by its **reciprocal** (flip it over):

            $$\frac{a}{b} \div \frac{c}{d} = \frac{a}{b} \times \frac{d}{c}$$

            **Example:** $\frac{2}{3} \div \frac{4}{5} = \frac{2}{3} \times \frac{5}{4} = \frac{10}{12} = \frac{5}{6}$.

            ## Mixed numbers

            Turn mixed numbers into improper fractions before calculating: $2\frac{1}{2} = \frac{2 \times 2 + 1}{2} = \frac{5}{2}$.
            """#,
            quiz: [
                DemoQuizItem(id: "math-fractions-operations-q1", skill: "math.fractions", prompt: "What is 1/4 + 2/3?", choices: ["3/7", "11/12", "2/12", "3/12"], answerIndex: 1),
                DemoQuizItem(id: "math-fractions-operations-q2", skill: "math.fractions", prompt: "What is 2/3 × 3/5 in simplest form?", choices: ["2/5", "5/8", "9/10", "6/8"], answerIndex: 0),
                DemoQuizItem(id: "math-fractions-operations-q3", skill: "math.fractions", prompt: "What is 2/3 ÷ 4/5?", choices: ["8/15", "6/5", "5/6", "2/5"], answerIndex: 2),
                DemoQuizItem(id: "math-fractions-operations-q4", skill: "math.fractions", prompt: "Write 2 1/2 as an improper fraction.", choices: ["3/2", "4/2", "2/5", "5/2"], answerIndex: 3),
                DemoQuizItem(id: "math-fractions-operations-q5", skill: "math.arithmetic", prompt: "What is 3/4 of 20?", choices: ["12", "15", "16", "80/3"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "math-algebra-expressions",
            subject: "math",
            title: "Algebraic Expressions",
            skills: ["math.algebra"],
            prerequisites: ["math-order-of-operations"],
            estimatedMinutes: 15,
            content: #"""
            # Algebraic Expressions

            In algebra, letters such as $x$ or $a$ stand for numbers we do not know yet, or numbers that can change. These letters are called **variables**.

            ## Vocabulary

            In the expression $4x^2 - 3x + 7$:

            - $4x^2$, $-3x$ and $7$ are **terms**.
            - 4 and −3 are **coefficients** (the numbers multiplying a variable).
            - 7 is a **constant**.

            ## Combining like terms

            Like terms have exactly the same variable part. $3x$ and $5x$ are like terms; $3x$ and $3x^2$ are not. Add like terms by adding their coefficients: $3x + 5x = 8x$.

            ## The distributive property

            $$a(b + c) = ab + ac$$

            Multiply the outside number into *every* term inside the parentheses, and watch the signs: $-3(2y - 5) = -6y + 15$.

            ## Worked example

            Simplify $3x + 2(x - 4)$, then evaluate it at $x = 3$.

            1. Distribute: $3x + 2x - 8$.
            2. Combine like terms: $5x - 8$.
            3. Substitute $x = 3$: $5 \cdot 3 - 8 = 7$.

            Check by substituting into the original: $3 \cdot 3 + 2(3 - 4) = 9 - 2 = 7$. ✔
            """#,
            quiz: [
                DemoQuizItem(id: "math-algebra-expressions-q1", skill: "math.algebra", prompt: "Simplify 3x + 2(x − 4).", choices: ["5x − 4", "5x − 8", "3x − 8", "6x − 8"], answerIndex: 1),
                DemoQuizItem(id: "math-algebra-expressions-q2", skill: "math.algebra", prompt: "Evaluate 2a² − a when a = 3.", choices: ["15", "33", "9", "12"], answerIndex: 0),
                DemoQuizItem(id: "math-algebra-expressions-q3", skill: "math.algebra", prompt: "Which pair are like terms?", choices: ["3x and 3y", "4x² and 4x", "−2ab and 7ab", "5 and 5x"], answerIndex: 2),
                DemoQuizItem(id: "math-algebra-expressions-q4", skill: "math.algebra", prompt: "Expand −3(2y − 5).", choices: ["−6y − 15", "6y − 15", "−6y + 5", "−6y + 15"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "math-linear-equations",
            subject: "math",
            title: "Solving Linear Equations",
            skills: ["math.algebra"],
            prerequisites: ["math-algebra-expressions", "math-fractions-operations"],
            estimatedMinutes: 20,
            content: #"""
            # Solving Linear Equations

            An equation says two expressions are equal. Solving it means finding the value of the variable that makes the statement true. A **linear** equation has the variable only to the first power, like $3x + 7 = 22$.

            ## The balance method

            Think of an equation as a balanced scale. Whatever you do to one side, do to the other, and it stays balanced. Undo operations in reverse order using inverse operations.

            **Example 1:** $3x + 7 = 22$

            1. Subtract 7 from both sides: $3x = 15$.
            2. Divide both sides by 3: $x = 5$.
            3. Check: $3 \cdot 5 + 7 = 22$. ✔

            ## Variables on both sides

            Collect the variable terms on one side first.

            **Example 2:** $5x - 3 = 2x + 9 \Rightarrow 3x - 3 = 9 \Rightarrow 3x = 12 \Rightarrow x = 4$.

            ## Fractions in equations

            **Example 3:** $\frac{x}{4} - 1 = \frac{2}{3}$. Add 1: $\frac{x}{4} = \frac{5}{3}$. Multiply by 4: $x = \frac{20}{3}$.

            ## Rearranging formulas

            The same steps let you make any letter the subject of a formula. Physics uses this constantly. From $v = u + at$:

            $$v - u = at \quad\Rightarrow\quad t = \frac{v - u}{a}$$

            ## Lines and slope

            The graph of $y = mx + b$ is a straight line. $b$ is where it crosses the $y$-axis and $m$ is the **slope**, the rise over the run between any two points:

            $$m = \frac{y_2 - y_1}{x_2 - x_1}$$

            Through $(1, 2)$ and $(3, 8)$ the slope is $\frac{8 - 2}{3 - 1} = 3$.
            """#,
            quiz: [
                DemoQuizItem(id: "math-linear-equations-q1", skill: "math.algebra", prompt: "Solve 3x + 7 = 22.", choices: ["x = 5", "x = 29/3", "x = 15", "x = 3"], answerIndex: 0),
                DemoQuizItem(id: "math-linear-equations-q2", skill: "math.algebra", prompt: "Solve 5x − 3 = 2x + 9.", choices: ["x = 2", "x = 12/7", "x = 4", "x = 6"], answerIndex: 2),
                DemoQuizItem(id: "math-linear-equations-q3", skill: "math.algebra", prompt: "Solve x/4 − 1 = 2/3.", choices: ["x = 4/3", "x = 20/3", "x = 12", "x = 5/12"], answerIndex: 1),
                DemoQuizItem(id: "math-linear-equations-q4", skill: "math.algebra", prompt: "Rearrange v = u + at to make t the subject.", choices: ["t = v/a − u", "t = a/(v − u)", "t = (v + u)/a", "t = (v − u)/a"], answerIndex: 3),
                DemoQuizItem(id: "math-linear-equations-q5", skill: "math.algebra", prompt: "What is the slope of the line through (1, 2) and (3, 8)?", choices: ["2", "3", "1/3", "6"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "math-geometry-shapes",
            subject: "math",
            title: "Perimeter and Area of Basic Shapes",
            skills: ["math.geometry"],
            prerequisites: [],
            estimatedMinutes: 12,
            content: #"""
            # Perimeter and Area of Basic Shapes

            **Perimeter** is the distance around a shape. **Area** is the amount of surface inside it, measured in square units such as cm².

            ![Diagram of a rectangle, a triangle with its height marked, and a circle with its radius marked](/images/math/basic-shapes.png)

            ## Rectangle

            For a rectangle of length $l$ and width $w$: perimeter $P = 2(l + w)$ and area $A = l \times w$.

            A 7 cm by 4 cm rectangle has $P = 2(7 + 4) = 22$ cm and $A = 28$ cm².

            ## Triangle

            A triangle is half of a rectangle, so $A = \frac{1}{2} \times \text{base} \times \text{height}$. The height is measured at a right angle to the base. The three angles of any triangle add up to 180°.

            ## Circle

            For a circle of radius $r$: circumference $C = 2\pi r$ and area $A = \pi r^2$, where $\pi \approx 3.14$.

            ## Worked example

            A triangle has base 10 cm and height 6 cm. Its area is $\frac{1}{2} \times 10 \times 6 = 30$ cm².
            """#,
            quiz: [
                DemoQuizItem(id: "math-geometry-shapes-q1", skill: "math.geometry", prompt: "What is the perimeter of a 7 cm × 4 cm rectangle?", choices: ["11 cm", "28 cm", "22 cm", "14 cm"], answerIndex: 2),
                DemoQuizItem(id: "math-geometry-shapes-q2", skill: "math.geometry", prompt: "A triangle has base 10 cm and height 6 cm. What is its area?", choices: ["60 cm²", "16 cm²", "36 cm²", "30 cm²"], answerIndex: 3),
                DemoQuizItem(id: "math-geometry-shapes-q3", skill: "math.geometry", prompt: "What is the area of a circle with radius 3?", choices: ["6π", "9π", "3π", "18π"], answerIndex: 1),
                DemoQuizItem(id: "math-geometry-shapes-q4", skill: "math.geometry", prompt: "The angles of a triangle always add up to…", choices: ["180°", "90°", "270°", "360°"], answerIndex: 0),
            ]
        ),
        DemoLesson(
            id: "math-pythagorean-theorem",
            subject: "math",
            title: "The Pythagorean Theorem",
            skills: ["math.geometry", "math.algebra"],
            prerequisites: ["math-geometry-shapes", "math-linear-equations"],
            estimatedMinutes: 20,
            content: #"""
            # The Pythagorean Theorem

            In a right triangle, the side opposite the right angle is the **hypotenuse**; it is always the longest side. The other two sides are the **legs**.

            ![Diagram of a right triangle with legs a and b, hypotenuse c, and a square drawn on each side](/images/math/pythagoras-squares.png)

            ## The theorem

            $$a^2 + b^2 = c^2$$

            The area of the square on the hypotenuse equals the sum of the areas of the squares on the legs.

            ## Finding the hypotenuse

            Legs 6 and 8: $c^2 = 36 + 64 = 100$, so $c = \sqrt{100} = 10$.

            ## Finding a leg

            Rearrange first: $b = \sqrt{c^2 - a^2}$. With $c = 13$ and $a = 5$: $b = \sqrt{169 - 25} = \sqrt{144} = 12$.

            ## Worked example: the ladder

            A 10 m ladder leans against a wall with its foot 6 m from the wall. How high up the wall does it reach?

            $$h = \sqrt{10^2 - 6^2} = \sqrt{64} = 8 \text{ m}$$

            ## The converse

            If three side lengths satisfy $a^2 + b^2 = c^2$, the triangle *is* right-angled. For 6, 8, 11: $36 + 64 = 100 \neq 121$, so it is not.

            ## Distance between two points

            The horizontal and vertical gaps between two points are the legs of a right triangle, which gives the distance formula:

            $$d = \sqrt{(x_2 - x_1)^2 + (y_2 - y_1)^2}$$

            From $(1, 2)$ to $(4, 6)$: $d = \sqrt{3^2 + 4^2} = 5$.
            """#,
            quiz: [
                DemoQuizItem(id: "math-pythagorean-theorem-q1", skill: "math.geometry", prompt: "A right triangle has legs 6 and 8. How long is the hypotenuse?", choices: ["10", "14", "48", "12"], answerIndex: 0),
                DemoQuizItem(id: "math-pythagorean-theorem-q2", skill: "math.algebra", prompt: "The hypotenuse is 13 and one leg is 5. How long is the other leg?", choices: ["8", "√194", "12", "18"], answerIndex: 2),
                DemoQuizItem(id: "math-pythagorean-theorem-q3", skill: "math.geometry", prompt: "What is the distance between (1, 2) and (4, 6)?", choices: ["7", "25", "√7", "5"], answerIndex: 3),
                DemoQuizItem(id: "math-pythagorean-theorem-q4", skill: "math.geometry", prompt: "Which side lengths form a right triangle?", choices: ["6, 8, 11", "5, 12, 13", "4, 5, 6", "7, 8, 9"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "math-probability-basics",
            subject: "math",
            title: "Probability Basics",
            skills: ["math.probability", "math.fractions"],
            prerequisites: ["math-fractions-operations"],
            estimatedMinutes: 15,
            content: #"""
            # Probability Basics

            Probability measures how likely an event is, on a scale from 0 (impossible) to 1 (certain).

            ## Equally likely outcomes

            When all outcomes are equally likely:

            $$P(E) = \frac{\text{number of favourable outcomes}}{\text{total number of outcomes}}$$

            Rolling a fair die, "a number greater than 4" means 5 or 6: $P = \frac{2}{6} = \frac{1}{3}$.

            ## The complement

            Either an event happens or it does not, so $P(\text{not } E) = 1 - P(E)$. If the chance of rain is 0.3, the chance of no rain is 0.7.

            ## Independent events

            Two events are independent when one does not affect the other. Then you multiply:

            $$P(A \text{ and } B) = P(A) \times P(B)$$

            Two fair coins both landing heads: $\frac{1}{2} \times \frac{1}{2} = \frac{1}{4}$.

            ## Worked example: two dice

            Roll two dice. There are $6 \times 6 = 36$ equally likely outcomes. The sum is 7 for (1,6), (2,5), (3,4), (4,3), (5,2), (6,1): six outcomes. So

            $$P(\text{sum} = 7) = \frac{6}{36} = \frac{1}{6}$$

            No other sum is as likely; try listing the outcomes for a sum of 2 or 12.
            """#,
            quiz: [
                DemoQuizItem(id: "math-probability-basics-q1", skill: "math.probability", prompt: "What is the probability of rolling a number greater than 4 on a fair six-sided die?", choices: ["1/6", "1/3", "1/2", "2/3"], answerIndex: 1),
                DemoQuizItem(id: "math-probability-basics-q2", skill: "math.probability", prompt: "The probability of rain is 0.3. What is the probability of no rain?", choices: ["0.03", "1.3", "0.7", "0.3"], answerIndex: 2),
                DemoQuizItem(id: "math-probability-basics-q3", skill: "math.probability", prompt: "Two fair coins are tossed. What is the probability both land heads?", choices: ["1/2", "1/3", "1/8", "1/4"], answerIndex: 3),
                DemoQuizItem(id: "math-probability-basics-q4", skill: "math.probability", prompt: "Two fair dice are rolled. What is the probability the sum is 7?", choices: ["1/6", "7/36", "1/12", "1/7"], answerIndex: 0),
                DemoQuizItem(id: "math-probability-basics-q5", skill: "math.fractions", prompt: "A card is drawn from a standard 52-card deck. What is the probability it is a heart, in simplest form?", choices: ["1/13", "1/4", "13/52", "4/13"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "math-quadratic-equations",
            subject: "math",
            title: "Quadratic Equations",
            skills: ["math.algebra"],
            prerequisites: ["math-linear-equations"],
            estimatedMinutes: 25,
            content: #"""
            # Quadratic Equations

            A quadratic equation has the variable squared as its highest power. Its standard form is

            $$ax^2 + bx + c = 0, \qquad a \neq 0$$

            Its graph, $y = ax^2 + bx + c$, is a **parabola**. The solutions (roots) are where the parabola crosses the $x$-axis. A quadratic has at most two real roots.

            ![Diagram of a parabola crossing the x-axis at two roots, with its vertex and axis of symmetry marked](/images/math/parabola-roots.png)

            ## Method 1: factoring

            If the quadratic splits into two brackets, use the fact that a product is zero only when one factor is zero.

            $$x^2 - 5x + 6 = (x - 2)(x - 3) = 0 \;\Rightarrow\; x = 2 \text{ or } x = 3$$

            To factor $x^2 + bx + c$, look for two numbers that multiply to $c$ and add to $b$. Here $-2 \times -3 = 6$ and $-2 + (-3) = -5$.

            ## Method 2: the quadratic formula

            Factoring does not always work with whole numbers. The quadratic formula always works:

            $$x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}$$

            It comes from *completing the square* on $ax^2 + bx + c = 0$.

            ## The discriminant

            The expression under the root, $\Delta = b^2 - 4ac$, tells you how many real roots there are before you do any more work:

            - $\Delta > 0$: two distinct real roots.
            - $\Delta = 0$: one repeated root (the vertex touches the axis).
            - $\Delta < 0$: no real roots (the parabola misses the axis).

            For $x^2 + 4x + 5$: $\Delta = 16 - 20 = -4 < 0$, so there are no real solutions.

            ## Worked example

            Solve $2x^2 + 3x - 2 = 0$.

            1. Identify $a = 2$, $b = 3$, $c = -2$.
            2. Discriminant: $\Delta = 3^2 - 4(2)(-2) = 9 + 16 = 25$.
            3. Formula: $x = \frac{-3 \pm 5}{4}$, so $x = \frac{2}{4} = \frac{1}{2}$ or $x = \frac{-8}{4} = -2$.
            4. Check $x = \frac{1}{2}$: $2 \cdot \frac{1}{4} + \frac{3}{2} - 2 = \frac{1}{2} + \frac{3}{2} - 2 = 0$. ✔

            ## Vertex and symmetry

            The parabola is symmetric about the vertical line $x = -\frac{b}{2a}$, which passes through the vertex. For $y = x^2 - 6x + 5$ the vertex is at $x = 3$, $y = 9 - 18 + 5 = -4$.

            ## Sum and product of roots

            If the roots are $r_1$ and $r_2$, then $r_1 + r_2 = -\frac{b}{a}$ and $r_1 r_2 = \frac{c}{a}$. This is a quick way to check an answer.
            """#,
            quiz: [
                DemoQuizItem(id: "math-quadratic-equations-q1", skill: "math.algebra", prompt: "What are the roots of x² − 5x + 6 = 0?", choices: ["2 and 3", "−2 and −3", "1 and 6", "−1 and 6"], answerIndex: 0),
                DemoQuizItem(id: "math-quadratic-equations-q2", skill: "math.algebra", prompt: "How many real roots does x² + 4x + 5 = 0 have?", choices: ["Two", "One", "None", "Infinitely many"], answerIndex: 2),
                DemoQuizItem(id: "math-quadratic-equations-q3", skill: "math.algebra", prompt: "Solve 2x² + 3x − 2 = 0.", choices: ["x = −1/2 or x = 2", "x = 1/2 or x = −2", "x = 1 or x = −2", "x = 2 or x = −2"], answerIndex: 1),
                DemoQuizItem(id: "math-quadratic-equations-q4", skill: "math.algebra", prompt: "What is the vertex of y = x² − 6x + 5?", choices: ["(−3, 32)", "(6, 5)", "(3, 4)", "(3, −4)"], answerIndex: 3),
                DemoQuizItem(id: "math-quadratic-equations-q5", skill: "math.algebra", prompt: "Without solving, what is the sum of the roots of 3x² − 12x + 7 = 0?", choices: ["−4", "4", "7/3", "12"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "math-derivatives-intro",
            subject: "math",
            title: "Introduction to Derivatives",
            skills: ["math.calculus", "math.algebra"],
            prerequisites: ["math-quadratic-equations"],
            estimatedMinutes: 30,
            content: #"""
            # Introduction to Derivatives

            Calculus studies change. The **derivative** of a function tells you how fast its output changes as its input changes: the instantaneous rate of change, or geometrically the slope of the tangent line.

            ![Diagram of a curve with a secant line through two nearby points turning into the tangent line as the points merge](/images/math/secant-to-tangent.png)

            ## From average to instantaneous rate

            The average rate of change of $f$ between $x$ and $x + h$ is the slope of the secant line:

            $$\frac{f(x + h) - f(x)}{h}$$

            Letting $h$ shrink towards zero gives the derivative:

            $$f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x)}{h}$$

            ## Worked example from the definition

            For $f(x) = x^2$:

            $$\frac{(x + h)^2 - x^2}{h} = \frac{2xh + h^2}{h} = 2x + h \;\longrightarrow\; 2x \text{ as } h \to 0$$

            So $f'(x) = 2x$. At $x = 3$ the parabola is rising with slope 6.

            ## Rules that save time

            - **Power rule:** $\frac{d}{dx} x^n = n x^{n-1}$
            - **Constant multiple:** $\frac{d}{dx} [c f(x)] = c f'(x)$
            - **Sum rule:** differentiate term by term.
            - **Constants:** $\frac{d}{dx} c = 0$

            Products and compositions need the product rule and chain rule, which build on these.

            ## Worked example with the rules

            Let $f(x) = 3x^3 - 5x^2 + 2x - 7$. Then

            $$f'(x) = 9x^2 - 10x + 2$$

            At $x = 1$: $f(1) = -7$ and $f'(1) = 9 - 10 + 2 = 1$. The tangent line at that point has slope 1 and passes through $(1, -7)$, so it is $y = x - 8$.

            ## Application: velocity

            If $s(t)$ is position at time $t$, then $s'(t)$ is velocity. For $s(t) = 4t^2 + 3t$ metres, $v(t) = 8t + 3$, so at $t = 2$ s the velocity is $19$ m/s. Notice this differs from the *average* velocity over the first two seconds, $\frac{s(2) - s(0)}{2} = 11$ m/s.

            ## Application: optimisation

            At a smooth maximum or minimum the tangent is horizontal, so $f'(x) = 0$.

            A rectangle has perimeter 20. If one side is $x$, the other is $10 - x$ and the area is $A(x) = 10x - x^2$. Then $A'(x) = 10 - 2x = 0$ gives $x = 5$: the best rectangle is a $5 \times 5$ square with area 25.

            ## Common pitfalls

            - The derivative of a constant is 0, not the constant itself.
            - The power rule lowers the exponent by one: $\frac{d}{dx} x^5 = 5x^4$, not $5x^5$.
            - $f'(a)$ is a *slope*, not a value of $f$.
            """#,
            quiz: [
                DemoQuizItem(id: "math-derivatives-intro-q1", skill: "math.calculus", prompt: "What is the derivative of x⁵?", choices: ["x⁴", "5x⁵", "5x⁴", "4x⁵"], answerIndex: 2),
                DemoQuizItem(id: "math-derivatives-intro-q2", skill: "math.calculus", prompt: "For f(x) = 3x³ − 5x² + 2x − 7, what is f′(1)?", choices: ["−7", "1", "9", "0"], answerIndex: 1),
                DemoQuizItem(id: "math-derivatives-intro-q3", skill: "math.calculus", prompt: "Position is s(t) = 4t² + 3t metres. What is the instantaneous velocity at t = 2 s?", choices: ["19 m/s", "22 m/s", "11 m/s", "16 m/s"], answerIndex: 0),
                DemoQuizItem(id: "math-derivatives-intro-q4", skill: "math.algebra", prompt: "Of all rectangles with perimeter 20, what is the largest possible area?", choices: ["20", "50", "100", "25"], answerIndex: 3),
                DemoQuizItem(id: "math-derivatives-intro-q5", skill: "math.calculus", prompt: "Geometrically, what does f′(a) represent?", choices: ["The area under the curve from 0 to a", "The slope of the tangent line at x = a", "The average value of f on [0, a]", "The y-intercept of the graph of f"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "math-conditional-probability",
            subject: "math",
            title: "Conditional Probability and Bayes' Theorem",
            skills: ["math.probability"],
            prerequisites: ["math-probability-basics", "math-linear-equations"],
            estimatedMinutes: 30,
            content: #"""
            # Conditional Probability and Bayes' Theorem

            New information changes probabilities. The probability of $A$ *given that* $B$ has happened is written $P(A \mid B)$.

            ## Definition

            Knowing $B$ happened shrinks the sample space to $B$. Of that, the part where $A$ also happens is $A \cap B$:

            $$P(A \mid B) = \frac{P(A \cap B)}{P(B)}, \qquad P(B) > 0$$

            If $P(A \cap B) = 0.12$ and $P(B) = 0.4$, then $P(A \mid B) = 0.3$.

            Rearranging gives the **multiplication rule**: $P(A \cap B) = P(B)\,P(A \mid B)$.

            ## Drawing without replacement

            Draw two cards from a 52-card deck without putting the first back. The second draw depends on the first:

            $$P(\text{two aces}) = \frac{4}{52} \times \frac{3}{51} = \frac{12}{2652} = \frac{1}{221}$$

            ## Independence, precisely

            $A$ and $B$ are independent exactly when $P(A \cap B) = P(A)\,P(B)$, equivalently $P(A \mid B) = P(A)$: learning $B$ tells you nothing about $A$.

            ## The law of total probability

            If $B$ and "not $B$" split every outcome into two cases:

            $$P(A) = P(A \mid B)P(B) + P(A \mid \bar{B})P(\bar{B})$$

            ![Diagram of a probability tree with branches for disease / no disease, each splitting into positive / negative test results](/images/math/bayes-tree.png)

            ## Bayes' theorem

            Combining the definition with the multiplication rule lets us reverse a conditional:

            $$P(B \mid A) = \frac{P(A \mid B)\,P(B)}{P(A)}$$

            ## Worked example: a medical test

            A disease affects 1% of people. A test detects it 90% of the time (sensitivity), but also gives a positive result for 5% of healthy people (false positive rate). You test positive. How likely is it you have the disease?

            Let $D$ = has the disease, $+$ = positive test.

            1. Prior: $P(D) = 0.01$, $P(\bar D) = 0.99$.
            2. Total probability of a positive:
               $P(+) = 0.90 \times 0.01 + 0.05 \times 0.99 = 0.009 + 0.0495 = 0.0585$.
            3. Bayes: $P(D \mid +) = \frac{0.009}{0.0585} \approx 0.154$.

            Only about **15%**. Because the disease is rare, false positives from the large healthy group outnumber true positives. Ignoring the prior like this is called the *base-rate fallacy*.

            ## Sanity checks

            - A conditional probability is still between 0 and 1.
            - $P(A \mid B)$ and $P(B \mid A)$ are usually different numbers.
            - Drawing a tree and writing counts for 10,000 imaginary people often makes Bayes problems obvious.
            """#,
            quiz: [
                DemoQuizItem(id: "math-conditional-probability-q1", skill: "math.probability", prompt: "P(A ∩ B) = 0.12 and P(B) = 0.4. What is P(A | B)?", choices: ["0.048", "0.28", "0.3", "0.52"], answerIndex: 2),
                DemoQuizItem(id: "math-conditional-probability-q2", skill: "math.probability", prompt: "Two cards are drawn without replacement from a standard deck. What is the probability both are aces?", choices: ["1/169", "1/221", "1/13", "1/26"], answerIndex: 1),
                DemoQuizItem(id: "math-conditional-probability-q3", skill: "math.probability", prompt: "A disease affects 1% of people. A test has 90% sensitivity and a 5% false positive rate. Given a positive test, roughly how likely is the disease?", choices: ["About 90%", "About 95%", "About 5%", "About 15%"], answerIndex: 3),
                DemoQuizItem(id: "math-conditional-probability-q4", skill: "math.probability", prompt: "P(A) = 0.5, P(B) = 0.4 and P(A ∩ B) = 0.2. Are A and B independent?", choices: ["Yes, because P(A ∩ B) = P(A)P(B)", "No, because P(A ∩ B) ≠ P(A) + P(B)", "No, because P(A | B) = 0.8", "It cannot be decided without P(A ∪ B)"], answerIndex: 0),
                DemoQuizItem(id: "math-conditional-probability-q5", skill: "math.probability", prompt: "60% of parts come from factory A (2% defective) and 40% from factory B (5% defective). What fraction of all parts is defective?", choices: ["3.5%", "3.2%", "7%", "2.6%"], answerIndex: 1),
            ]
        ),
    ]
}
